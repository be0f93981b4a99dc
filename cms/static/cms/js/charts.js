// Draws every chart on the page from the JSON a selector prepared. Pages without charts never load this.
for (const element of document.querySelectorAll('[data-app-chart]')) {
  const figure = JSON.parse(document.getElementById(element.dataset.appChart).textContent)
  window.Plotly.newPlot(element, figure.data, figure.layout || {}, {
    displaylogo: false,
    // The mode bar's buttons would be focusable inside an element whose role is img; the table beside
    // each chart carries the figures for anyone who cannot use the plot.
    displayModeBar: false,
    responsive: true,
    modeBarButtonsToRemove: ['select2d', 'lasso2d']
  })
}
