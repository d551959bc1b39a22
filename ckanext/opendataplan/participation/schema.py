"""Schemas of the co-creation actions."""

from __future__ import annotations

from ckan.logic.schema import validator_args
from ckan.types import Schema, Validator

from ckanext.opendataplan.common import validators as v
from ckanext.opendataplan.domain import participation, proposal_list
from ckanext.opendataplan.participation import validators as pv


@validator_args
def proposal(ignore_missing: Validator, not_empty: Validator, ignore: Validator) -> Schema:
    return {
        "__before": [pv.visible_plan],
        "plan": [not_empty, v.reference],
        "title": [pv.required_line],
        "problem": [pv.required_paragraph],
        "solution": [pv.required_paragraph],
        "theme": [ignore_missing, v.line],
        "ogp_values": [ignore_missing, v.as_list, pv.ogp_values],
        "dataset": [ignore_missing, pv.public_dataset],
        "link": [ignore_missing, v.opendataplan_web_url],
        "language": [ignore_missing, pv.language],
        "__extras": [ignore],
        "__junk": [ignore],
    }


@validator_args
def comment(ignore_missing: Validator, not_empty: Validator, ignore: Validator) -> Schema:
    return {
        "__before": [pv.visible_plan],
        "plan": [not_empty, v.reference],
        "commitment": [ignore_missing, v.reference],
        "body": [pv.required_paragraph],
        "language": [ignore_missing, pv.language],
        "__extras": [ignore],
        "__junk": [ignore],
    }


@validator_args
def by_id(not_empty: Validator, ignore: Validator) -> Schema:
    return {"id": [not_empty, v.reference], "__extras": [ignore], "__junk": [ignore]}


@validator_args
def by_plan(not_empty: Validator, ignore: Validator) -> Schema:
    return {"plan": [not_empty, v.reference], "__extras": [ignore], "__junk": [ignore]}


@validator_args
def proposal_filters(ignore_missing: Validator, one_of: Validator, ignore: Validator) -> Schema:
    """What a list of proposals may be narrowed and ordered by (the page's GET form, the
    list action's parameters)."""
    return {
        "status": [ignore_missing, one_of(list(participation.PROPOSAL_STATUSES))],
        "theme": [ignore_missing, v.line],
        "q": [ignore_missing, v.line],
        "sort": [ignore_missing, one_of(list(proposal_list.SORTS))],
        "__extras": [ignore],
        "__junk": [ignore],
    }


def proposal_list_schema() -> Schema:
    return {**by_plan(), **proposal_filters()}


@validator_args
def proposal_response(
    not_empty: Validator, one_of: Validator, ignore_empty: Validator, ignore: Validator
) -> Schema:
    return {
        "id": [not_empty, v.reference],
        "status": [not_empty, one_of(list(participation.PROPOSAL_RESPONSES))],
        "reason": [pv.required_paragraph],
        # the form's "-" sends an empty value: no proposal chosen, said by merge_target
        "merged_into": [ignore_empty, v.reference],
        "__after": [pv.merge_target],
        "__extras": [ignore],
        "__junk": [ignore],
    }


@validator_args
def comment_response(not_empty: Validator, one_of: Validator, ignore: Validator) -> Schema:
    return {
        "id": [not_empty, v.reference],
        "outcome": [not_empty, one_of(list(participation.COMMENT_OUTCOMES))],
        "reason": [pv.required_paragraph],
        "__extras": [ignore],
        "__junk": [ignore],
    }


@validator_args
def moderation(not_empty: Validator, default: Validator, ignore: Validator) -> Schema:
    """Hiding needs a reason (it stays public); showing again does not."""
    return {
        "id": [not_empty, v.reference],
        "hidden": [default(True), v.as_bool],
        "reason": [default(""), v.line],
        "__extras": [ignore],
        "__junk": [ignore],
    }


@validator_args
def abuse(not_empty: Validator, ignore: Validator) -> Schema:
    return {
        "id": [not_empty, v.reference],
        "reason": [pv.required_line],
        "__extras": [ignore],
        "__junk": [ignore],
    }
