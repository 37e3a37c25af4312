"""The one message catalogue of the UI: every string the TUI shows, in English and Japanese.

``MESSAGES`` maps a message id to ``{"en": ..., "ja": ...}``; ``t(id, lang, **fields)``
returns the text in ``lang`` with ``str.format`` fields filled. An unknown id raises
``KeyError`` (always: a missing entry must fail loudly in tests, never show an id to the
user by accident). The language is ``config.ui.language`` (``"ja"`` | ``"en"``, by default
from the locale; see ``tui.config.default_language``).

Key-binding help of the main screen comes from ``tui.keymap`` (it already has both
languages); bindings of the other screens are the ``key.*`` ids here.

Plain Python: nothing here imports Textual.
"""

from __future__ import annotations

from typing import Any

__all__ = ["LANGUAGES", "MESSAGES", "t", "has", "language_of", "english_to_id"]

#: The languages every entry has.
LANGUAGES: tuple[str, ...] = ("en", "ja")

_FILTER_HELP_EN = """\
Filter language (type after /; every keystroke filters):
  pytorch nlp            all words must match (title, client, agent, skills, tags,
                         description); typos are tolerated: pyhton finds Python
  "computer vision"      a quoted phrase
  a b or c               (a AND b) OR c;  ( ) groups;  -term  -(group) negate
  client:acme agent:x title:llm source:remotive   substring qualifiers
  skill:pytorch          skill or alias (sklearn = scikit-learn, k8s = Kubernetes)
  remote:full|partial|onsite   form:準委任|請負|派遣   type:contract|part_time…
  status:applied  is:starred  is:new  has:rate  has:days
  rate>=80               万円/month (every currency converted with [money])
  hourly>=5000  days<=3  posted<7d  (also = < > <=)
  A range matches >= when its max does, <= when its min does; unknown values never
  match a comparison (use has:rate).
"""

_FILTER_HELP_JA = """\
絞り込みの書き方（/ の後に入力。1文字ごとに絞り込みます）:
  pytorch nlp            すべての語に一致（案件名・企業・エージェント・スキル・タグ・
                         説明文）。打ち間違いも許容: pyhton で Python が見つかります
  "computer vision"      引用符でフレーズ
  a b or c               (a AND b) OR c;  ( ) でグループ;  -語  -(グループ) で否定
  client:acme agent:x title:llm source:remotive   部分一致の指定
  skill:pytorch          スキルまたは別名（sklearn = scikit-learn, k8s = Kubernetes）
  remote:full|partial|onsite   form:準委任|請負|派遣   type:contract|part_time…
  status:applied  is:starred  is:new  has:rate  has:days
  rate>=80               万円/月（他の通貨は [money] で換算）
  hourly>=5000  days<=3  posted<7d  （= < > <= も可）
  幅のある値は、>= は上限が、<= は下限が満たせば一致。不明な値は比較に
  一致しません（has:rate を使ってください）。
"""


def _m(en: str, ja: str) -> dict[str, str]:
    return {"en": en, "ja": ja}


MESSAGES: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------ main screen
    "app.loading": _m("Loading gigs…", "案件を読み込み中…"),
    "app.shortlist_unreadable.title": _m("Shortlist not readable", "ショートリストを読めません"),
    "app.shortlist_unreadable": _m(
        "{error}\nThe shortlist is read-only until the file is fixed (a copy was kept: {backup}).",
        "{error}\nファイルを直すまでショートリストは読み取り専用です（コピーを保存しました: {backup}）。",
    ),
    "app.sorted_by": _m("Sorted by {column} {arrow}", "並べ替え: {column} {arrow}"),
    "app.not_saved": _m("Not saved: {error}", "保存できません: {error}"),
    "app.preset_saved": _m("Saved preset {name!r} to {path}", "プリセット {name!r} を {path} に保存しました"),
    "app.offline_refresh": _m(
        "Offline (--offline): showing the cache and local files only.",
        "オフライン（--offline）: キャッシュとローカルファイルだけを表示します。",
    ),
    "app.refreshing_all": _m("Refreshing all sources…", "全ソースを更新中…"),
    "app.refreshing_one": _m("Refreshing {name}…", "{name} を更新中…"),
    "app.added": _m("Added {uid}", "{uid} を追加しました"),
    "tabs.all": _m("All", "すべて"),
    # ------------------------------------------------------------ status line
    "status.of_total": _m(" of {total} gigs", " / {total}件"),
    "status.cached": _m("cached", "キャッシュ"),
    "status.failed": _m("failed", "失敗"),
    # source states (status line and the sources panel)
    "state.ok": _m("ok", "正常"),
    "state.error": _m("error", "エラー"),
    "state.cached": _m("cached", "キャッシュ"),
    "state.refreshing": _m("refreshing", "更新中"),
    "state.disabled": _m("disabled", "無効"),
    "state.offline": _m("offline", "オフライン"),
    "state.standby": _m("standby", "待機"),
    "state.pending": _m("pending", "未取得"),
    # ------------------------------------------------------------ command palette
    "cmd.preset": _m("Preset: {title}", "プリセット: {title}"),
    "cmd.preset.help": _m("Show the {title} view (key {key})", "{title} を表示（キー {key}）"),
    "cmd.edit_gig": _m("Edit this gig", "この案件を編集"),
    "cmd.edit_gig.help": _m("Change a gig you added by hand", "手動で追加した案件を編集"),
    "cmd.delete_gig": _m("Delete this gig", "この案件を削除"),
    "cmd.delete_gig.help": _m("Remove a gig you added by hand (notes stay)", "手動で追加した案件を削除（メモは残ります）"),
    "cmd.show_column": _m("Show column: {column}", "列を表示: {column}"),
    "cmd.hide_column": _m("Hide column: {column}", "列を隠す: {column}"),
    "cmd.toggle_column.help": _m("Toggle the {column} column in this view", "このビューの {column} 列を切り替え"),
    "app.only_manual": _m("Only gigs added by hand can be edited or deleted.", "編集・削除できるのは手動で追加した案件だけです。"),
    "app.deleted": _m("Deleted {uid} (its notes stay in the shortlist)", "{uid} を削除しました（メモはショートリストに残ります）"),
    "cmd.filter": _m("Filter", "絞り込み"),
    "cmd.filter.help": _m("Focus the filter input (/)", "絞り込みの入力欄へ (/)"),
    "cmd.toggle_detail": _m("Toggle detail pane", "詳細の表示切替"),
    "cmd.toggle_detail.help": _m("Show or hide the detail pane (d)", "詳細ペインを表示・非表示 (d)"),
    "cmd.keys": _m("Keys", "キー一覧"),
    "cmd.keys.help": _m("Show every key (?)", "すべてのキーを表示 (?)"),
    "cmd.market": _m("Market rates", "相場"),
    "cmd.market.help": _m("Rate statistics of this view (m)", "このビューの単価の統計 (m)"),
    "cmd.save_preset": _m("Save filter as preset", "絞り込みをプリセットとして保存"),
    "cmd.save_preset.help": _m("The current view becomes a tab (P)", "今のビューをタブにします (P)"),
    "cmd.refresh_all": _m("Refresh all sources", "全ソースを更新"),
    "cmd.refresh_all.help": _m("Fetch every source now (R)", "すべてのソースを今すぐ取得 (R)"),
    "cmd.sources": _m("Sources", "ソース一覧"),
    "cmd.sources.help": _m("Each source's state; refresh one (S)", "各ソースの状態・個別に更新 (S)"),
    "cmd.add_gig": _m("Add a gig", "案件を追加"),
    "cmd.add_gig.help": _m("By hand or from a pasted proposal (a)", "手入力か、貼り付けた提案文から (a)"),
    "cmd.open_url": _m("Open URL", "URLを開く"),
    "cmd.open_url.help": _m("Browser locally; clipboard over SSH (o)", "ローカルではブラウザ、SSH ではクリップボードへ (o)"),
    "cmd.copy_url": _m("Copy URL", "URLをコピー"),
    "cmd.copy_url.help": _m("To the clipboard via OSC 52 (y)", "OSC 52 でクリップボードへ (y)"),
    "cmd.copy_markdown": _m("Copy as Markdown", "Markdownでコピー"),
    "cmd.copy_markdown.help": _m("Title, rate, terms, URL (Y)", "案件名・単価・条件・URL (Y)"),
    "cmd.refresh_source": _m("Refresh source: {name}", "ソースを更新: {name}"),
    "cmd.refresh_source.help": _m("Fetch {name} now", "{name} を今すぐ取得"),
    "cmd.star": _m("Star / unstar", "スター / 解除"),
    "cmd.star.help": _m("Toggle the star of the gig under the cursor (s)", "カーソル位置の案件のスターを切替 (s)"),
    "cmd.set_status": _m("Set status", "ステータス設定"),
    "cmd.set_status.help": _m("interested → applied → … (t)", "興味あり → 応募済 → … (t)"),
    "cmd.checklist": _m("Checklist", "チェックリスト"),
    "cmd.checklist.help": _m("Pre-contract checklist of this gig (c)", "この案件の契約前チェックリスト (c)"),
    "cmd.edit_note": _m("Edit note", "メモを編集"),
    "cmd.edit_note.help": _m("The gig's free-form note (n)", "案件の自由記述メモ (n)"),
    "cmd.export": _m("Export checklist", "チェックリストを書き出す"),
    "cmd.export.help": _m(
        "Markdown 契約前確認リスト to a file and the clipboard (x)",
        "契約前確認リストを Markdown でファイルとクリップボードへ (x)",
    ),
    # ------------------------------------------------------------ table columns
    # English texts equal tui.table_model.COLUMNS labels (the CLI's); a test checks it.
    "column.star": _m("★", "★"),
    "column.title": _m("Title", "案件名"),
    "column.client": _m("Client / Agent", "企業・仲介"),
    "column.agent": _m("Agent", "エージェント"),
    "column.rate": _m("万円/月", "万円/月"),
    "column.hourly": _m("円/h", "円/h"),
    "column.remote": _m("Remote", "在宅"),
    "column.days": _m("日/週", "日/週"),
    "column.form": _m("Form", "契約"),
    "column.skills": _m("Skills", "スキル"),
    "column.source": _m("Source", "ソース"),
    "column.posted": _m("Posted", "掲載"),
    "column.first_seen": _m("Seen", "取得"),
    "column.status": _m("Status", "状況"),
    "column.checks": _m("Checks", "確認"),
    "column.fit": _m("Fit", "適合"),
    # ------------------------------------------------------------ detail pane
    "detail.none": _m("No gig selected.", "案件が選択されていません。"),
    "note.sample_fallback": _m(
        "showing the embedded sample data: no other source has produced gigs",
        "内蔵のサンプルデータを表示中：他のソースから案件が届いていません",
    ),
    "detail.sample": _m("SAMPLE DATA — not a real listing", "サンプルデータ — 実在の案件ではありません"),
    "detail.via": _m("via {agent}", "{agent} 経由"),
    "detail.unknown": _m("unknown", "不明"),
    "detail.when": _m("{date} UTC ({age} ago)", "{date} UTC（{age}前）"),
    "detail.effective": _m("  → effective {min}–{max} 円/h", "  → 実質 {min}–{max} 円/h"),
    "detail.payment_site": _m(
        "  (site {site} days; ~{total} days from the first day worked)",
        "（サイト {site}日、稼働初日から約 {total}日）",
    ),
    "detail.new": _m("  NEW", "  新着"),
    "detail.rate": _m("Rate", "単価"),
    "detail.days": _m("Days", "稼働"),
    "detail.remote": _m("Remote", "リモート"),
    "detail.contract": _m("Contract", "契約形態"),
    "detail.settlement": _m("Settlement", "精算幅"),
    "detail.payment": _m("Payment", "支払"),
    "detail.type": _m("Type", "種別"),
    "detail.skills": _m("Skills", "スキル"),
    "detail.tags": _m("Tags", "タグ"),
    "detail.location": _m("Location", "勤務地"),
    "detail.posted": _m("Posted", "掲載日"),
    "detail.first_seen": _m("First seen", "初回取得"),
    "detail.fit": _m("Fit", "適合度"),
    "detail.url": _m("URL", "URL"),
    "detail.apply": _m("Apply", "応募先"),
    "detail.source": _m("Source", "ソース"),
    "detail.uid": _m("UID", "UID"),
    "remote.full": _m("full remote (フルリモート)", "フルリモート"),
    "remote.partial": _m("partly remote (一部リモート)", "一部リモート"),
    "remote.onsite": _m("on site (常駐)", "常駐"),
    "remote.unknown": _m("not stated", "記載なし"),
    "form.quasi_mandate": _m("準委任 (quasi-mandate)", "準委任"),
    "form.contract_for_work": _m("請負 (contract for work)", "請負"),
    "form.dispatch": _m("派遣 (dispatch)", "派遣"),
    "form.employment": _m("雇用 (employment)", "雇用"),
    "form.unknown": _m("not stated", "記載なし"),
    # shortlist section of the detail pane
    "shortlist.heading": _m("Shortlist", "ショートリスト"),
    "shortlist.starred": _m("★ starred  ", "★ スター付き  "),
    "shortlist.status": _m("status: {status}", "ステータス: {label}（{status}）"),
    "shortlist.since": _m("  (since {date})", "  （{date} から）"),
    "shortlist.checklist": _m("Checklist {summary}\n", "チェックリスト {summary}\n"),
    "shortlist.note": _m("Note\n", "メモ\n"),
    # shortlist notifications
    "shortlist.no_gig": _m("No gig under the cursor.", "カーソル位置に案件がありません。"),
    "shortlist.unstarred": _m("Unstarred: {title}", "スター解除: {title}"),
    "shortlist.starred_msg": _m("Starred: {title}", "スター: {title}"),
    "shortlist.status_set": _m("Status: {status}", "ステータス: {status}"),
    "shortlist.note_saved": _m("Note saved", "メモを保存しました"),
    "shortlist.editor_failed": _m(
        "Editor failed ({error}); your text is in {path}",
        "エディタが失敗しました（{error}）。入力内容は {path} にあります",
    ),
    "shortlist.exported": _m(
        "Checklist report written to {path} (and sent to the clipboard)",
        "チェックリストを {path} に書き出しました（クリップボードにも送りました）",
    ),
    # ------------------------------------------------------------ filter bar
    "filter.placeholder": _m(
        "/ filter: pytorch remote:full rate>=80 -client:Acme (? for help)",
        "/ 絞り込み: pytorch remote:full rate>=80 -client:Acme（? でヘルプ）",
    ),
    "filter.hint": _m(
        "Enter: to the list · Esc: back · words · remote:full · rate>=80 · skill:pytorch · "
        "-client:Acme · a or b · ? all keys",
        "Enter: 一覧へ · Esc: 戻る · 語 · remote:full · rate>=80 · skill:pytorch · "
        "-client:Acme · a or b · ?: キー一覧",
    ),
    "filter.at_column": _m("{problem} (column {column})", "{problem}（{column}文字目）"),
    "filter.in_query": _m("{problem} in: ", "{problem}: "),
    # ------------------------------------------------------------ help screen
    "help.keys": _m("Keys", "キー一覧"),
    "help.keys_note": _m(
        "   ([keymap] in config remaps any of these by id)\n\n",
        "   （設定の [keymap] で id ごとに変更できます）\n\n",
    ),
    "help.filter": _m(_FILTER_HELP_EN, _FILTER_HELP_JA),
    # ------------------------------------------------------------ checklist screen
    "checklist.title": _m("Pre-contract checklist", "契約前チェックリスト"),
    "checklist.hint": _m(
        "1 todo · 2 ok · 3 concern · 4 NG · space cycle · n note · Esc back",
        "1 未確認 · 2 確認済 · 3 要確認 · 4 NG · space 切替 · n メモ · Esc 戻る",
    ),
    # ------------------------------------------------------------ note editor
    "note.title": _m("Note: ", "メモ: "),
    "note.hint": _m("Esc / Ctrl+S save · Ctrl+G discard changes", "Esc / Ctrl+S 保存 · Ctrl+G 変更を破棄"),
    # ------------------------------------------------------------ status picker
    "status_screen.title": _m(" Status (Enter to set)", " ステータス（Enter で設定）"),
    # ------------------------------------------------------------ sources panel
    "sources.title": _m("Sources", "ソース"),
    "sources.hint": _m(
        "r/Enter refresh the selected source · R refresh all · Esc back",
        "r/Enter 選択したソースを更新 · R すべて更新 · Esc 戻る",
    ),
    "sources.count": _m("{count} gigs", "{count}件"),
    "sources.updated": _m("updated {age} ago", "{age}前に更新"),
    # ------------------------------------------------------------ add-gig form
    "add.title": _m("Add a gig", "案件を追加"),
    "add.hint": _m(
        "Ctrl+S save · Ctrl+F fill the fields from the pasted text · Esc/Ctrl+G cancel",
        "Ctrl+S 保存 · Ctrl+F 貼り付けた文面から項目を埋める · Esc/Ctrl+G 取消",
    ),
    "add.paste_label": _m(
        "Paste the agent's message (mail/chat) — it becomes the description:",
        "エージェントからの文面（メール・チャット）を貼り付け — 説明文になります:",
    ),
    "add.field.title": _m("Title 案件名", "案件名"),
    "add.field.client": _m("Client 企業", "企業"),
    "add.field.agent": _m("Agent エージェント", "エージェント"),
    "add.field.rate": _m("Rate 単価", "単価"),
    "add.field.days_per_week": _m("Days 稼働", "稼働"),
    "add.field.remote": _m("Remote リモート", "リモート"),
    "add.field.contract_form": _m("Form 契約形態", "契約形態"),
    "add.field.settlement_hours": _m("Settlement 精算幅", "精算幅"),
    "add.field.payment": _m("Payment 支払", "支払"),
    "add.field.skills": _m("Skills スキル", "スキル"),
    "add.field.url": _m("URL", "URL"),
    # placeholders are examples of what agents write (Japanese in both languages)
    "add.example.title": _m("画像認識モデル開発", "画像認識モデル開発"),
    "add.example.rate": _m("80〜90万円/月", "80〜90万円/月"),
    "add.example.days_per_week": _m("週4日〜", "週4日〜"),
    "add.example.remote": _m("一部リモート", "一部リモート"),
    "add.example.contract_form": _m("準委任", "準委任"),
    "add.example.settlement_hours": _m("140〜180h", "140〜180h"),
    "add.example.payment": _m("月末締め翌月末払い", "月末締め翌月末払い"),
    "add.example.skills": _m("Python, PyTorch", "Python, PyTorch"),
    "add.example.url": _m("https://", "https://"),
    "add.paste_first": _m("Paste the proposal into the text box first.", "先に提案文をテキスト欄に貼り付けてください。"),
    "add.filled": _m("Filled: {fields}", "入力した項目: {fields}"),
    "add.nothing": _m("nothing recognised", "認識できた項目なし"),
    "add.needs_title": _m("A gig needs a title.", "案件名が必要です。"),
    # ------------------------------------------------------------ links and clipboard
    "link.no_url": _m("This gig has no URL.", "この案件には URL がありません。"),
    "link.sent_ssh": _m(
        "URL sent to clipboard (OSC 52; success cannot be confirmed):\n",
        "URL をクリップボードに送りました（OSC 52。成功は確認できません）:\n",
    ),
    "link.opener_failed": _m(
        "Could not start the opener ({error}); URL sent to clipboard.",
        "URL を開くコマンドを起動できません（{error}）。URL をクリップボードに送りました。",
    ),
    "link.opening": _m("Opening {url}", "{url} を開いています"),
    "link.copied": _m("URL sent to clipboard (OSC 52)", "URL をクリップボードに送りました（OSC 52）"),
    "link.copied_markdown": _m(
        "Gig sent to clipboard as Markdown (OSC 52)",
        "案件を Markdown でクリップボードに送りました（OSC 52）",
    ),
    "md.client": _m("- Client: {who}", "- 企業: {who}"),
    "md.rate": _m("- Rate: {rate}", "- 単価: {rate}"),
    "md.days": _m("- Days/week: {days}", "- 稼働: 週{days}日"),
    "md.terms": _m("- Remote: {remote} · Form: {form}", "- リモート: {remote} · 契約形態: {form}"),
    "md.settlement": _m("- Settlement: {hours} h", "- 精算幅: {hours} h"),
    "md.payment": _m("- Payment: {payment}", "- 支払: {payment}"),
    "md.skills": _m("- Skills: {skills}", "- スキル: {skills}"),
    "md.url": _m("- URL: {url}", "- URL: {url}"),
    # ------------------------------------------------------------ save-preset dialog
    "preset.title": _m("Save this view as a preset\n", "このビューをプリセットとして保存\n"),
    "preset.query": _m("query: ", "条件:   "),
    "preset.everything": _m("(everything)", "（すべて）"),
    "preset.sort": _m("\nsort:  ", "\n並び順: "),
    "preset.default": _m("(default)", "（既定）"),
    "preset.prompt": _m(
        "\nName (Japanese is fine), Enter to save, Esc/Ctrl+G to cancel:",
        "\n名前（日本語可）を入力し Enter で保存、Esc/Ctrl+G で取消:",
    ),
    "preset.placeholder": _m("e.g. 副業-nlp", "例: 副業-nlp"),
    "preset.needs_name": _m("A preset needs a name.", "プリセットには名前が必要です。"),
    # ------------------------------------------------------------ market panel
    "market.title": _m("Market rates", "相場"),
    "market.view": _m("view", "ビュー"),
    "market.gigs": _m("gigs", "件"),
    "market.with_rate": _m("with a monthly rate", "月額あり"),
    "market.unknown": _m("rate unknown (not counted)", "単価不明（集計外）"),
    "market.median": _m("median", "中央値"),
    "market.mean": _m("mean", "平均"),
    "market.p25": _m("p25", "25%"),
    "market.p75": _m("p75", "75%"),
    "market.monthly": _m("万円/月", "万円/月"),
    "market.hourly": _m("円/h", "円/時"),
    "market.hourly_note": _m("hourly = monthly ÷ {hours} h", "時給 = 月額 ÷ {hours} 時間"),
    "market.reference": _m("market average", "市場平均"),
    "market.floor": _m("your floor", "希望下限"),
    "market.man_value": _m("{label} {value}万", "{label} {value}万"),
    "market.skills": _m("Top skills", "スキル上位"),
    "market.skill_gigs": _m("gigs", "件数"),
    "market.skill_median": _m("median", "中央値"),
    "market.no_rates": _m("No gig in this view has a monthly rate.", "このビューに月額のわかる案件はありません。"),
    "market.no_skills": _m("No skills listed.", "スキルの記載なし"),
    "market.hint": _m(
        "Esc / q close · rates at the midpoint of each range · [money] converts",
        "Esc / q で閉じる · 幅のある単価は中央値で集計 · 換算は [money]",
    ),
    "market.unit": _m("万円/月", "万円/月"),
    "histogram.empty": _m("No monthly rates in this view.", "このビューに月額の単価はありません。"),
    "histogram.per_column": _m("({unit}, {span} per column)", "（{unit}、1列 {span}）"),
    # ------------------------------------------------------------ bindings of screens
    # (the main screen's come from tui.keymap). English texts are unique: the UI finds
    # a binding's entry from its English description.
    "key.close": _m("Close", "閉じる"),
    "key.back": _m("Back", "戻る"),
    "key.cancel": _m("Cancel", "取消"),
    "key.save": _m("Save", "保存"),
    "key.discard": _m("Discard", "破棄"),
    "key.fill": _m("Fill from text", "文面から入力"),
    "key.check_todo": _m("未確認 todo", "未確認"),
    "key.check_ok": _m("確認済 ok", "確認済"),
    "key.check_concern": _m("要確認 concern", "要確認"),
    "key.check_ng": _m("NG", "NG"),
    "key.cycle": _m("Cycle", "切替"),
    "key.note": _m("Note", "メモ"),
    "key.down": _m("Down", "下へ"),
    "key.up": _m("Up", "上へ"),
    "key.top": _m("Top", "先頭へ"),
    "key.bottom": _m("Bottom", "末尾へ"),
    "key.page_down": _m("Page down", "次のページ"),
    "key.page_up": _m("Page up", "前のページ"),
    "key.open": _m("Open", "開く"),
    "key.refresh_source": _m("Refresh this source", "このソースを更新"),
    "key.refresh_all": _m("Refresh all", "すべて更新"),
}


def t(msg_id: str, lang: str, **fields: Any) -> str:
    """The text of ``msg_id`` in ``lang`` (English for an unknown language).

    ``fields`` fill ``{name}`` placeholders with ``str.format``. An unknown ``msg_id``
    raises ``KeyError``.
    """
    entry = MESSAGES[msg_id]
    text = entry.get(lang) or entry["en"]
    return text.format(**fields) if fields else text


def has(msg_id: str) -> bool:
    """Whether the catalogue has ``msg_id`` (for ids built from data, e.g. a source state)."""
    return msg_id in MESSAGES


def language_of(config: object) -> str:
    """``config.ui.language`` when there is one, else ``"en"`` (tests build bare configs)."""
    language = getattr(getattr(config, "ui", None), "language", None)
    return language if language in LANGUAGES else "en"


def english_to_id(prefix: str) -> dict[str, str]:
    """English text -> message id for the ids starting with ``prefix`` (e.g. ``"key."``)."""
    return {entry["en"]: msg_id for msg_id, entry in MESSAGES.items() if msg_id.startswith(prefix)}
