"""The one router for /api/v1/ (config/urls.py registers every viewset)."""

from rest_framework import routers


class ApiRoot(routers.APIRootView):
    """The list of endpoints at /api/v1/, open to anyone."""

    anonymous_read = True


class Router(routers.DefaultRouter):
    APIRootView = ApiRoot
