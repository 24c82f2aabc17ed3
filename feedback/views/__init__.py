"""Thin views: parse the request, call a form, a service or a selector, render."""
