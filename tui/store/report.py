"""The 契約前確認リスト (pre-contract checklist report) as Markdown or JSON.

``report_markdown`` gives the text a freelancer pastes back to the agent: the gig's terms,
then the eleven checklist items with their state, note and the hints read from the
listing, then the gig's note. With the gig gone from every source (``gig=None``) it works
from the snapshot kept in the store. ``report_json`` carries the same content.
"""

from __future__ import annotations

from typing import Any

from ..model import Gig
from ..money import Money, effective_hourly, hourly_jpy
from .checklist import CHECK_ITEMS, label, state as state_def
from .hints import Hint, _days_ja, _fmt_range, fmt_man, fmt_yen, gig_monthly, hints_for
from .shortlist import Entry, Snapshot

__all__ = ["report_json", "report_markdown"]

_REMOTE = {
    "full": ("フルリモート", "Full remote"),
    "partial": ("一部リモート", "Partly remote"),
    "onsite": ("常駐", "On site"),
}
_FORM = {
    "quasi_mandate": ("準委任", "Quasi-mandate"),
    "contract_for_work": ("請負", "Contract for work"),
    "dispatch": ("派遣", "Dispatch"),
    "employment": ("雇用", "Employment"),
}

_T = {
    "title": ("契約前確認リスト", "Pre-contract checklist"),
    "client": ("クライアント", "Client"),
    "agent": ("エージェント", "Agent"),
    "url": ("URL", "URL"),
    "rate": ("報酬", "Rate"),
    "monthly": ("月額換算", "Per month"),
    "hourly": ("時給換算", "Hourly"),
    "effective": ("実質時給（精算幅）", "Effective hourly (settlement)"),
    "days": ("稼働日数", "Days per week"),
    "remote": ("リモート", "Remote"),
    "form": ("契約形態", "Contract form"),
    "settlement": ("精算幅", "Settlement range"),
    "fixed": ("固定（精算なし）", "Fixed (no settlement)"),
    "payment": ("支払条件", "Payment"),
    "site": ("支払サイト{n}日", "{n}-day payment site"),
    "status": ("ステータス", "Status"),
    "source": ("掲載元", "Source"),
    "uid": ("ID", "ID"),
    "checklist": ("確認項目", "Checklist"),
    "summary": ("チェック済 {done}/{total}・要確認 {concern}・NG {ng}",
                "{done}/{total} checked, {concern} concern, {ng} NG"),
    "note": ("メモ", "Note"),
    "hint": ("掲載情報", "From the listing"),
    "confirm": ("確認内容", "To confirm"),
    "gig_note": ("メモ", "Notes"),
    "vanished": ("※ 掲載は終了しています（保存時の情報）",
                 "Note: the listing is gone (details as saved)"),
    "unknown": ("不明", "unknown"),
    "untitled": ("（無題）", "(untitled)"),
}


def _t(key: str, lang: str) -> str:
    ja, en = _T[key]
    return en if lang == "en" else ja


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "ja"


def _snapshot(entry: Entry | None) -> Snapshot:
    return entry.snapshot if entry is not None else Snapshot()


def _facts(uid: str, entry: Entry | None, gig: Gig | None, money: Money, lang: str) -> list[tuple[str, str, str]]:
    """(key, label, value) rows describing the gig, gig first, snapshot as fallback."""
    rows: list[tuple[str, str, str]] = []

    def add(key: str, value: str | None) -> None:
        if value:
            rows.append((key, _t(key, lang), value))

    snap = _snapshot(entry)
    if gig is None:
        add("client", snap.client)
        add("url", snap.url)
        add("rate", snap.rate)
        add("source", snap.source)
    else:
        add("client", gig.client)
        add("agent", gig.agent)
        add("url", gig.url)
        add("rate", gig.rate.raw if gig.rate else None)
        monthly = gig_monthly(gig, money)
        m = fmt_man(monthly)
        add("monthly", f"{m} 万円" if m else None)
        h = fmt_yen(hourly_jpy(monthly, money))
        if h:
            add("hourly", f"{h} 円/h" if lang == "ja" else f"{h} JPY/h")
        e = fmt_yen(effective_hourly(monthly, gig.settlement_hours))
        if e:
            add("effective", f"{e} 円/h" if lang == "ja" else f"{e} JPY/h")
        d = gig.days_per_week
        if d is not None:
            r = _fmt_range(d.min, d.max, en=True)
            if r:
                add("days", f"週{_days_ja(d)}" if lang == "ja" else f"{r} days/week")
        if gig.remote in _REMOTE:
            add("remote", _REMOTE[gig.remote][lang == "en"])
        add("form", _FORM[gig.contract_form][lang == "en"] if gig.contract_form in _FORM else None)
        st = gig.settlement_hours
        if st is not None:
            if st.fixed:
                add("settlement", _t("fixed", lang))
            else:
                r = _fmt_range(st.min, st.max, en=lang == "en")
                add("settlement", f"{r}h" if r else None)
        if gig.payment is not None:
            parts = [gig.payment.raw] if gig.payment.raw else []
            if gig.payment.site_days is not None:
                parts.append(_t("site", lang).format(n=gig.payment.site_days))
            add("payment", "（".join(parts) + "）" if len(parts) == 2 and lang == "ja"
                else " (".join(parts) + ")" if len(parts) == 2 else (parts[0] if parts else None))
        add("source", gig.source)
    if entry is not None and entry.status:
        add("status", label(entry.status, lang))
    add("uid", uid)
    return rows


def _title(entry: Entry | None, gig: Gig | None, lang: str) -> str:
    if gig is not None and gig.title:
        return gig.title
    snap = _snapshot(entry)
    return snap.title or _t("untitled", lang)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _md_inline(text: str) -> str:
    """Keep untrusted text from breaking the Markdown structure (one line, no tables)."""
    return _one_line(text).replace("|", "\\|")


def _indent(text: str, prefix: str) -> str:
    """Multi-line text under a list item, each line indented (``\\r\\n`` normalised)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(prefix + ln if ln.strip() else prefix.rstrip() for ln in lines).rstrip()


def _hints(gig: Gig | None, money: Money) -> dict[str, list[Hint]]:
    return hints_for(gig, money) if gig is not None else {i.id: [] for i in CHECK_ITEMS}


def report_markdown(uid: str, entry: Entry | None, gig: Gig | None, money: Money, lang: str = "ja") -> str:
    """A Markdown 契約前確認リスト for one gig (``lang`` "ja" or "en")."""
    lang = _lang(lang)
    out: list[str] = [f"# {_t('title', lang)}: {_md_inline(_title(entry, gig, lang))}", ""]
    if gig is None:
        out += [f"_{_t('vanished', lang)}_", ""]
    for _key, lab, value in _facts(uid, entry, gig, money, lang):
        out.append(f"- **{lab}**: {_md_inline(value)}")
    out.append("")

    done, concern, ng = entry.counts() if entry is not None else (0, 0, 0)
    summary = _t("summary", lang).format(done=done, total=len(CHECK_ITEMS), concern=concern, ng=ng)
    out += [f"## {_t('checklist', lang)}（{summary}）" if lang == "ja" else f"## {_t('checklist', lang)} ({summary})", ""]
    hints = _hints(gig, money)
    for n, it in enumerate(CHECK_ITEMS, 1):
        check = entry.check(it.id) if entry is not None else None
        sid = check.state if check is not None else "todo"
        sd = state_def(sid)
        out.append(f"{n}. {sd.symbol} **{it.label(lang)}** — {sd.label(lang)}")
        out.append(f"    - {_t('confirm', lang)}: {it.confirm(lang)}")
        if check is not None and check.note:
            out.append(f"    - {_t('note', lang)}:")
            out.append(_indent(check.note, "      "))
        for h in hints.get(it.id, []):
            mark = "⚠ " if h.level == "warn" else ""
            out.append(f"    - {_t('hint', lang)}: {mark}{_md_inline(h.text(lang))}")
    out.append("")
    if entry is not None and entry.note:
        out += [f"## {_t('gig_note', lang)}", "", entry.note.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n"), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def report_json(uid: str, entry: Entry | None, gig: Gig | None, money: Money, lang: str = "ja") -> dict[str, Any]:
    """The report's content as a JSON-ready dict: gig JSON, entry, checks with hints, facts."""
    lang = _lang(lang)
    hints = _hints(gig, money)
    done, concern, ng = entry.counts() if entry is not None else (0, 0, 0)
    checks = []
    for it in CHECK_ITEMS:
        check = entry.check(it.id) if entry is not None else None
        sid = check.state if check is not None else "todo"
        checks.append({
            "id": it.id,
            "label_ja": it.label_ja,
            "label_en": it.label_en,
            "confirm": it.confirm(lang),
            "state": sid,
            "state_label": state_def(sid).label(lang),
            "note": check.note if check is not None else "",
            "updated": check.to_json()["updated"] if check is not None else None,
            "hints": [h.to_json() for h in hints.get(it.id, [])],
        })
    return {
        "uid": uid,
        "title": _title(entry, gig, lang),
        "lang": lang,
        "vanished": gig is None,
        "facts": {key: value for key, _lab, value in _facts(uid, entry, gig, money, lang)},
        "gig": gig.to_json() if gig is not None else None,
        "entry": entry.to_json() if entry is not None else None,
        "summary": {"done": done, "total": len(CHECK_ITEMS), "concern": concern, "ng": ng},
        "checks": checks,
        "note": entry.note if entry is not None else "",
    }
