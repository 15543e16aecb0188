from django import template

register = template.Library()


@register.inclusion_tag("jobs/includes/progress.html")
def job_progress(job, done_url=""):
    """A live progress bar for ``job``; when it finishes, the page may go to ``done_url``."""
    return {"job": job, "done_url": done_url}
