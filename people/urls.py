from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("account/data.json", views.my_data, name="my_data"),
    path("people/<int:pk>/anonymise/", views.anonymise, name="anonymise"),
]
