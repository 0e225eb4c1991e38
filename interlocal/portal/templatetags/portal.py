from django import template

from interlocal.projects.models import Project

register = template.Library()


@register.simple_tag
def project_url(project: Project) -> str:
    from interlocal.portal.views import reverse_project

    return reverse_project(project)
