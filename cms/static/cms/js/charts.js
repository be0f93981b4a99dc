// Draws every chart on the page from the JSON a selector prepared. Pages without charts never load this.
for (const element of document.querySelectorAll('[data-app-chart]')) {
  const figure = JSON.parse(document.getElementById(element.dataset.appChart).textContent)
  window.Plotly.newPlot(element, figure.data, figure.layout || {}, {
    displaylogo: false,
    // The chart is one image to assistive technology (role="img"), so it holds no focusable buttons.
    displayModeBar: false,
    responsive: true,
  })
}
