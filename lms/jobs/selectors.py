"""Reads of background jobs."""

from django.shortcuts import get_object_or_404

from .models import Job


def job_for_viewer(*, user, job_id) -> Job:
    """The job if ``user`` started it or may view all jobs; otherwise a 404."""
    jobs = Job.objects.all()
    if not user.has_perm("jobs.view_job"):
        jobs = jobs.filter(owner=user)
    return get_object_or_404(jobs, pk=job_id)
