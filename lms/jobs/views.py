"""The status of a background job, for the progress bar to poll."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .selectors import job_for_viewer
from .services import job_live_progress


@never_cache
@login_required
def job_status(request, job_id):
    """Progress of one job as JSON; a job that is not yours is a 404."""
    job = job_for_viewer(user=request.user, job_id=job_id)
    progress, message = job_live_progress(job)
    return JsonResponse(
        {
            "id": str(job.pk),
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": progress,
            "message": message,
            "finished": job.is_finished,
            "error": job.error if job.status == job.Status.FAILED else "",
        }
    )
