"""What `Store.sync_flags` means, in one place for every backend.

Given the stored flags (with their `active` state) and the flags of a new run, decide what each
stored flag becomes. Reviews are never touched here: they live in their own append-only history.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from claimtrack.schema import REVIEW_STATUSES, Flag

REVIEWED = REVIEW_STATUSES


@dataclass
class FlagSync:
    write: list[tuple[Flag, bool]] = field(default_factory=list)  # (flag, active) to store
    retire: list[str] = field(default_factory=list)  # ids to mark inactive
    counts: dict[str, int] = field(default_factory=lambda: {"new": 0, "kept": 0, "reopened": 0, "retired": 0})


def plan_flag_sync(stored: dict[str, tuple[Flag, bool]], incoming: list[Flag]) -> FlagSync:
    """- a new id is stored open, without review;
    - an id already stored keeps its status, review and reopened reason (also when it was retired
      and comes back), and takes the new kind, severity, claims, summary and evidence;
    - a reviewed (confirmed/dismissed) flag whose evidence fingerprint changed is set back to open,
      its last review kept, with `reopened_reason` saying why;
    - an active stored flag missing from `incoming` is retired (kept, with its reviews, not listed).
    """
    plan = FlagSync()
    new_by_id = {f.id: f for f in incoming}  # a repeated id: the last one wins
    for fid, new in new_by_id.items():
        if fid not in stored:
            plan.write.append((new.model_copy(update={"status": "open", "review": None, "reopened_reason": None}), True))
            plan.counts["new"] += 1
            continue
        old, _active = stored[fid]
        keep = {"status": old.status, "review": old.review, "reopened_reason": old.reopened_reason}
        if old.status in REVIEWED and old.evidence != new.evidence:
            by = f" by {old.review.by}" if old.review else ""
            keep = {"status": "open", "review": old.review,
                    "reopened_reason": f"evidence changed after it was {old.status}{by}"}
            plan.counts["reopened"] += 1
        else:
            plan.counts["kept"] += 1
        plan.write.append((new.model_copy(update=keep), True))
    plan.retire = [fid for fid, (_flag, active) in stored.items() if active and fid not in new_by_id]
    plan.counts["retired"] = len(plan.retire)
    return plan
