"""Every line a session can say, known before it runs, so its audio can be made ahead.

The lines come from the same `CueBook` the engine speaks from, set by set, so a cue
added there is in this list too. Only a camera's "not counted" reason (a sentence from
`upright.motion`) is known no sooner than it is said; front ends render it then.
"""

from __future__ import annotations

from collections.abc import Sequence

from upright.session.cues import Cue
from upright.session.engine_cues import CueBook
from upright.session.program import SetPlan

#: The phase calls the engine asks `CueBook.phase_cue` for.
PHASE_CALL_NAMES = ("moving", "hold", "hold_done", "return", "tuck")


def set_cues(plan: SetPlan, following: SetPlan | None, *, camera: bool) -> list[Cue]:
    """Every cue one set can give, in the order of the set; ``following`` is the next set."""
    book = CueBook(plan)
    cues = [*book.set_intro(plan.sides[0])]
    cues += [book.switch_cue(side) for side in plan.sides[1:]]
    for rep_index in range(plan.reps * len(plan.sides)):
        cue = book.rep_cue(rep_index, camera)
        cues += [cue] if cue else []
    cues += [call for name in PHASE_CALL_NAMES if (call := book.phase_cue(name))]
    cues += [cue for rule in plan.exercise.rules if (cue := book.fault_cue(rule.id))]
    if camera:
        cues += [book.out_of_frame_cue(), book.not_counted_cue("")]
    else:
        cues += [book.confirm_cue(), book.too_early_cue(), book.not_clean_cue(plan.reps)]
        cues += [book.rate_cue()]
    if following is not None:
        cues.append(book.rest_cue(plan.rest_s, following))
    return cues


def session_cue_texts(plans: Sequence[SetPlan], *, camera: bool) -> list[str]:
    """The text of every cue the session of ``plans`` can say, each once, in order."""
    texts: list[str] = []
    for i, plan in enumerate(plans):
        following = plans[i + 1] if i + 1 < len(plans) else None
        texts += [cue.text for cue in set_cues(plan, following, camera=camera)]
    texts.append(CueBook.done_cue().text)
    return list(dict.fromkeys(texts))
