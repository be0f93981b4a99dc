def links(user):
    return []


def cards(user):
    return []
