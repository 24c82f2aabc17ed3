"""Every state machine in QAF, and the one guarded transition that moves any of them.

A machine is a table of named actions: from which states, to which state, and who may take it
(a django-rules permission, checked with the object). Apps declare their machines in their own
``workflow`` module and register them here; nothing else changes a status field.

``perform`` is the only way to take an action. It locks the row, checks the state and the rule,
saves the new state and any fields that go with it, names who and why on the history row (the
same transaction), and runs side effects only after the transaction commits. Views and templates
ask ``available_actions`` what a person may do now, so no page works it out again from a status.

This module imports no app: apps depend on it, never the reverse.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import rules
from django.db import models, transaction

from .errors import ServiceError


class WorkflowError(ServiceError):
    """An action refused: the object is in the wrong state, or the person may not take it.

    The message is written for the person who tried, and is safe to show on the page.
    """


class ActionRefused(WorkflowError):
    """The person may not take this action on this object (their role or relation to it)."""


class WrongState(WorkflowError):
    """The object is not in a state the action starts from (someone else may have moved it)."""


@dataclass(frozen=True)
class Action:
    """One named move of a machine.

    ``rule`` is a django-rules permission name tested as ``rules.has_perm(rule, user, obj)``;
    ``None`` means only the system (a scheduled job or another service, with no person) takes it.
    ``label`` is the button's words; ``past`` is what the history row says happened.
    ``refused`` and ``forbidden`` are the app's own words for a wrong state and for a person the
    rule refuses; without them the workflow writes a plain message from the labels.
    """

    name: str
    sources: frozenset[str]
    target: str
    rule: str | None
    label: str
    past: str = ""
    refused: str = ""
    forbidden: str = ""

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))

    @property
    def by_people(self) -> bool:
        return self.rule is not None


@dataclass
class Machine:
    """The states of ``model.<field>`` and the actions that move between them.

    ``error`` is the app's own error class (a subclass of ``WorkflowError``); a refusal raised by
    ``perform`` is both that class and ``WrongState`` or ``ActionRefused``, so a caller may catch
    either the app's error or the workflow's.
    ``tags`` maps a state to a GOV.UK tag colour for ``{% status_tag %}``. ``finished`` and
    the named ``groups`` of states are what pages ask (``obj|in_state:"finished"``), so that no
    page spells a status value.
    """

    model: type[models.Model]
    actions: tuple[Action, ...]
    field: str = "status"
    error: type[Exception] = WorkflowError
    tags: dict[str, str] = dataclasses.field(default_factory=dict)
    finished: frozenset[str] = frozenset()
    groups: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        names = [a.name for a in self.actions]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"{self.label}: actions named twice: {sorted(duplicates)}")
        states = set(self.states)
        for action in self.actions:
            unknown = (action.sources | {action.target}) - states
            if unknown:
                raise ValueError(f"{self.label}.{action.name}: unknown states {sorted(unknown)}")
        for group, members in {"finished": self.finished, **self.groups}.items():
            unknown = set(members) - states
            if unknown:
                raise ValueError(f"{self.label} group {group}: unknown states {sorted(unknown)}")
        self._by_name = {a.name: a for a in self.actions}

    def group(self, name: str) -> frozenset[str]:
        if name == "finished":
            return frozenset(self.finished)
        try:
            return frozenset(self.groups[name])
        except KeyError:
            raise ValueError(f"{self.label} has no group of states named '{name}'") from None

    @property
    def label(self) -> str:
        return f"{self.model._meta.app_label}.{self.model.__name__}"

    @property
    def states(self) -> list[str]:
        return [value for value, _ in self.model._meta.get_field(self.field).choices]

    def state_label(self, state: str) -> str:
        return dict(self.model._meta.get_field(self.field).choices).get(state, state)

    def action(self, name: str) -> Action:
        try:
            return self._by_name[name]
        except KeyError:
            raise ValueError(f"{self.label} has no action '{name}'") from None

    def actions_from(self, state: str) -> list[Action]:
        return [a for a in self.actions if state in a.sources]

    def state_of(self, obj) -> str:
        return getattr(obj, self.field)


_MACHINES: dict[type[models.Model], Machine] = {}


def register(machine: Machine) -> Machine:
    """Make ``machine`` the one machine of its model. Registering the same model twice is a bug."""
    existing = _MACHINES.get(machine.model)
    if existing is not None and existing is not machine:
        raise ValueError(f"{machine.label} already has a machine")
    _MACHINES[machine.model] = machine
    return machine


def machine_for(obj_or_model) -> Machine:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:
        if klass in _MACHINES:
            return _MACHINES[klass]
    raise LookupError(f"{model.__name__} has no registered machine")


def machines() -> list[Machine]:
    return list(_MACHINES.values())


def may(user, obj, action: Action) -> bool:
    """Whether ``user`` may take ``action`` on ``obj`` by its rule (ignoring the state)."""
    if action.rule is None or user is None or not user.is_authenticated:
        return False
    return rules.has_perm(action.rule, user, obj)


def available_actions(obj, user) -> list[Action]:
    """The actions ``user`` may take on ``obj`` now: its state allows them and so does the rule."""
    machine = machine_for(obj)
    state = machine.state_of(obj)
    return [a for a in machine.actions_from(state) if may(user, obj, a)]


def available_names(obj, user) -> frozenset[str]:
    return frozenset(a.name for a in available_actions(obj, user))


def allows(obj, action: str) -> bool:
    """Whether ``obj``'s state lets ``action`` start now (whoever asks)."""
    machine = machine_for(obj)
    return machine.state_of(obj) in machine.action(action).sources


def is_finished(obj) -> bool:
    """Whether ``obj`` is in one of its machine's finished states."""
    machine = machine_for(obj)
    return machine.state_of(obj) in machine.finished


def in_group(obj, name: str) -> bool:
    """Whether ``obj`` is in the machine's named group of states (or ``finished``)."""
    machine = machine_for(obj)
    return machine.state_of(obj) in machine.group(name)


def check(obj, action: str, *, by) -> None:
    """Raise the refusal ``perform`` would raise, without moving anything (for a page that
    checks before it shows a form)."""
    machine = machine_for(obj)
    move = machine.action(action)
    state = machine.state_of(obj)
    if state not in move.sources:
        raise _wrong_state(machine, move, state, obj)
    if by is not None and move.rule is not None and not may(by, obj, move):
        raise _forbidden(machine, move, obj)


def _noun(model) -> str:
    return str(model._meta.verbose_name)


@transaction.atomic
def perform(
    obj,
    action: str,
    *,
    by=None,
    reason: str = "",
    fields: dict | None = None,
    after_commit: Callable[[], object] | Iterable[Callable[[], object]] | None = None,
    check_rule: bool = True,
):
    """Take ``action`` on ``obj``: lock, check, save with ``fields``, stamp history, then effects.

    ``by`` is the person acting, or ``None`` for the system. With a person, the action's rule
    must allow them (``check_rule=False`` is for a service that has already checked a stricter
    rule of its own, and says so). Without a person, only system actions, and actions a service
    takes on someone's behalf, run.

    Returns the locked, saved row; ``obj`` is updated to match. Raises the machine's error class
    with a message for the person when the state or the rule refuses.
    """
    machine = machine_for(obj)
    move = machine.action(action)
    model = type(obj)
    locked = model.objects.select_for_update(of=("self",)).get(pk=obj.pk)
    state = machine.state_of(locked)
    if state not in move.sources:
        raise _wrong_state(machine, move, state, locked)
    if check_rule and by is not None and move.rule is not None and not may(by, locked, move):
        raise _forbidden(machine, move, locked)
    setattr(locked, machine.field, move.target)
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
    if by is not None:
        locked._history_user = by
    locked._change_reason = (reason or move.past or move.label)[:100]
    if hasattr(obj, "_history_date"):  # a service that must not record the exact time
        locked._history_date = obj._history_date
    update_fields = [machine.field, *(fields or {})]
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        update_fields.append("updated_at")
    locked.save(update_fields=update_fields)
    setattr(obj, machine.field, move.target)
    for name, value in (fields or {}).items():
        setattr(obj, name, value)
    effects = [after_commit] if callable(after_commit) else list(after_commit or [])
    for effect in effects:
        transaction.on_commit(effect)
    return locked


def _wrong_state(machine: Machine, move: Action, state: str, obj) -> Exception:
    return _refusal(
        machine,
        WrongState,
        move.refused
        or f"This {_noun(type(obj))} is '{machine.state_label(state).lower()}', so it cannot be "
        f"{(move.past or move.label).lower()} now.",
    )


def _forbidden(machine: Machine, move: Action, obj) -> Exception:
    return _refusal(
        machine,
        ActionRefused,
        move.forbidden or f"You cannot {move.label.lower()} this {_noun(type(obj))}.",
    )


_REFUSAL_CLASSES: dict[tuple[type, type], type] = {}


def _refusal(machine: Machine, kind: type[WorkflowError], message: str) -> Exception:
    """An error that is both the machine's own class and ``kind``, so callers catching either
    (``AuditError`` in an old view, ``WrongState`` in a new one) see it."""
    error = machine.error
    if error is WorkflowError or issubclass(kind, error):
        return kind(message)
    klass = _REFUSAL_CLASSES.get((error, kind))
    if klass is None:
        klass = type(f"{error.__name__}{kind.__name__}", (error, kind), {})
        klass.__module__ = error.__module__
        _REFUSAL_CLASSES[(error, kind)] = klass
    return klass(message)
