from django.urls import path

app_name = "bodies"

urlpatterns: list = []
