"""Factories that build test data; tests never load the demo data except the smoke test."""

from .content import StandardCategoryFactory, StandardFactory
from .people import (
    JobRoleFactory,
    LearnerFactory,
    ManagerFactory,
    OrgUnitFactory,
    RegionFactory,
    StoreFactory,
    UserFactory,
)
from .wagtail import HomePageFactory

__all__ = [
    "HomePageFactory",
    "JobRoleFactory",
    "LearnerFactory",
    "ManagerFactory",
    "OrgUnitFactory",
    "RegionFactory",
    "StandardCategoryFactory",
    "StandardFactory",
    "StoreFactory",
    "UserFactory",
]
