from django.urls import URLPattern, URLResolver

app_name = "objections"

urlpatterns: list[URLPattern | URLResolver] = []
