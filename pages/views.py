"""The public pages anyone can read, and the editor QA officers use to change them."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from qaf.permissions import role_required
from qaf.roles import Role

from . import yearly_summary
from .errors import PageError
from .forms import PageEditForm
from .models import Page, PageVersion
from .rendering import render_markdown
from .selectors import current_version, page_history, pages_with_latest
from .services import page_publish, page_restore

# The public pages, in the order their navigation lists them: (slug, URL name, link words).
PUBLIC_PAGES = (
    (Page.Slug.VALUES, "values", "Our values"),
    (Page.Slug.GUIDE, "guide", "How we check our work"),
    (Page.Slug.CHILDREN, "guide_children", "For children and young people"),
    (Page.Slug.TAKE_PART, "take_part", "How to take part"),
)
URL_NAME = {slug: name for slug, name, _ in PUBLIC_PAGES}

qa_only = role_required(Role.QA_OFFICER)


def public_page(request, slug: str):
    """A page of the service's own, for anyone, signed in or not."""
    version = current_version(slug)
    if version is None:
        raise Http404("This page has not been written yet.")
    return render(
        request,
        "pages/public_page.html",
        {
            "version": version,
            "body_html": render_markdown(version.body_markdown),
            "public_pages": PUBLIC_PAGES,
            "current_url_name": URL_NAME[slug],
            "yearly_summary": yearly_summary.latest(),
            "is_children": slug == Page.Slug.CHILDREN,
        },
    )


@qa_only
def page_list(request):
    return render(
        request,
        "pages/page_list.html",
        {"pages": pages_with_latest(), "url_names": URL_NAME},
    )


@qa_only
def page_edit(request, slug: str):
    """Change a page. "Preview" shows the new wording without saving; "Publish" saves it."""
    page = get_object_or_404(Page, slug=slug)
    current = current_version(slug)
    if request.method != "POST":
        initial = {"note": ""}
        form = PageEditForm(instance=current, initial=initial) if current else PageEditForm()
        return _edit_page(request, page, form)
    form = PageEditForm(request.POST)
    if not form.is_valid():
        return _edit_page(request, page, form)
    if "publish" not in request.POST:
        return _edit_page(request, page, form, preview=form.cleaned_data)
    try:
        page_publish(page=page, by=request.user, **form.cleaned_data)
    except PageError as error:
        form.add_error(None, str(error))
        return _edit_page(request, page, form)
    messages.success(request, f"“{page}” is published. Anyone can read it now.")
    return redirect("pages:page_history", slug=page.slug)


def _edit_page(request, page: Page, form: PageEditForm, preview: dict | None = None):
    return render(
        request,
        "pages/page_edit.html",
        {
            "page": page,
            "form": form,
            "preview": preview,
            "preview_html": render_markdown(preview["body_markdown"]) if preview else "",
            "public_url_name": URL_NAME[page.slug],
        },
    )


@qa_only
def page_history_view(request, slug: str):
    page = get_object_or_404(Page, slug=slug)
    versions = list(page_history(page)[:100])
    return render(
        request,
        "pages/page_history.html",
        {
            "page": page,
            "versions": versions,
            "current": versions[0] if versions else None,
            "public_url_name": URL_NAME[page.slug],
        },
    )


def _version(slug: str, pk: int) -> PageVersion:
    return get_object_or_404(
        PageVersion.objects.select_related("page", "created_by"), page__slug=slug, pk=pk
    )


@qa_only
def version_detail(request, slug: str, pk: int):
    version = _version(slug, pk)
    current = current_version(slug)
    return render(
        request,
        "pages/version_detail.html",
        {
            "version": version,
            "is_current": current is not None and current.pk == version.pk,
            "body_html": render_markdown(version.body_markdown),
        },
    )


@qa_only
def version_restore(request, slug: str, pk: int):
    """Ask, then publish the earlier wording again as a new version."""
    version = _version(slug, pk)
    if request.method == "POST":
        try:
            page_restore(version=version, by=request.user)
        except PageError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The earlier version is published again.")
        return redirect("pages:page_history", slug=slug)
    return render(request, "pages/version_restore.html", {"version": version})
