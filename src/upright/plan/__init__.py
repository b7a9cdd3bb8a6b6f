"""The plan: the back program placed in the runner's week, from their own running log."""

from typing import TYPE_CHECKING

from upright.lazy_exports import lazy_exports

if TYPE_CHECKING:
    from upright.plan.activity import Activity, FileImport, ImportProblem, LogImportError
    from upright.plan.evidence import Evidence, EvidenceError, default_evidence, load_evidence
    from upright.plan.fit_workout import workout_bytes, write_workout
    from upright.plan.load import LoadReport, LoadWarning, WeekLoad, load_report
    from upright.plan.log_import import ImportSummary, import_paths
    from upright.plan.plan_export import plan_to_dict, plan_to_ics, write_plan_ics, write_plan_json
    from upright.plan.planner import Plan, PlannedSession, PlanWeek, build_plan
    from upright.plan.prescription import (
        ExercisePrescription,
        SessionPrescription,
        default_session,
        starting_prescription,
    )
    from upright.plan.profile import (
        DEFAULT_ATHLETE,
        AthleteProfile,
        ProfileError,
        Race,
        default_profile,
        load_profile,
        parse_profile,
    )
    from upright.plan.progression import LoggedExercise, next_prescription, outcome

# Each exported name and the submodule of upright.plan it lives in: a name's module is
# imported on first use (PEP 562), so importing the package costs nothing.
_EXPORTS: dict[str, str] = {
    "Activity": "activity",
    "FileImport": "activity",
    "ImportProblem": "activity",
    "LogImportError": "activity",
    "DEFAULT_ATHLETE": "profile",
    "Evidence": "evidence",
    "EvidenceError": "evidence",
    "default_evidence": "evidence",
    "load_evidence": "evidence",
    "workout_bytes": "fit_workout",
    "write_workout": "fit_workout",
    "LoadReport": "load",
    "LoadWarning": "load",
    "WeekLoad": "load",
    "load_report": "load",
    "ImportSummary": "log_import",
    "import_paths": "log_import",
    "plan_to_dict": "plan_export",
    "plan_to_ics": "plan_export",
    "write_plan_ics": "plan_export",
    "write_plan_json": "plan_export",
    "Plan": "planner",
    "PlannedSession": "planner",
    "PlanWeek": "planner",
    "build_plan": "planner",
    "ExercisePrescription": "prescription",
    "SessionPrescription": "prescription",
    "default_session": "prescription",
    "starting_prescription": "prescription",
    "AthleteProfile": "profile",
    "ProfileError": "profile",
    "Race": "profile",
    "default_profile": "profile",
    "load_profile": "profile",
    "parse_profile": "profile",
    "LoggedExercise": "progression",
    "next_prescription": "progression",
    "outcome": "progression",
}

__all__ = [
    "DEFAULT_ATHLETE",
    "Activity",
    "AthleteProfile",
    "Evidence",
    "EvidenceError",
    "ExercisePrescription",
    "FileImport",
    "ImportProblem",
    "ImportSummary",
    "LoadReport",
    "LoadWarning",
    "LogImportError",
    "LoggedExercise",
    "Plan",
    "PlanWeek",
    "PlannedSession",
    "ProfileError",
    "Race",
    "SessionPrescription",
    "WeekLoad",
    "build_plan",
    "default_evidence",
    "default_profile",
    "default_session",
    "import_paths",
    "load_evidence",
    "load_profile",
    "load_report",
    "next_prescription",
    "outcome",
    "parse_profile",
    "plan_to_dict",
    "plan_to_ics",
    "starting_prescription",
    "workout_bytes",
    "write_plan_ics",
    "write_plan_json",
    "write_workout",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
