from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def render_panel(context, template_name: str, panel_context: dict):
    """Render a panel's template inside the page's own context (the request, the viewer,
    the CSRF token), with the panel's values on top."""
    with context.push(**panel_context):
        return context.template.engine.get_template(template_name).render(context)
