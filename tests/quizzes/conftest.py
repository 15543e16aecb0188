"""Fixtures for the question bank: a trainer and a head trainer, with their roles' rights."""

import pytest

from lms.people.roles import HEAD_TRAINER, TRAINER
from tests.factories.people import UserFactory


@pytest.fixture
def trainer(db):
    return UserFactory(roles=[TRAINER])


@pytest.fixture
def head_trainer(db):
    return UserFactory(roles=[HEAD_TRAINER])
