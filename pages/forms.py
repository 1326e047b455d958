"""Form helpers every app's views use."""

from django.core.exceptions import ValidationError


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: each message beside the field it names when the
    form has that field, otherwise in the error summary at the top. What the person typed stays
    in the bound form, so nothing is lost."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
