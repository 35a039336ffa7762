"""The main window: the Ask → Run → Result wizard, the language menu, remembered settings.

Page order and branching live here and only here; pages only show and signal.
"""

from __future__ import annotations

import enum
import gc
import importlib
import logging
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from callpath.core import __version__
from callpath.core.api import ALL_APPS, SYMPTOMS, Answers, log_file, read_apps, resource_path, watch_apps
from callpath.gui import i18n, qt
from callpath.gui.ask import AskPage
from callpath.gui.i18n import LANG_NAMES, LANGS, _
from callpath.gui.qt import (
    QAction,
    QActionGroup,
    QApplication,
    QMainWindow,
    QShortcut,
    QStackedWidget,
    QTimer,
    Signal,
)
from callpath.gui.settings import Remembered

if TYPE_CHECKING:
    from callpath.core.api import Catalog, Report
    from callpath.gui.privacy import PrivacyPage
    from callpath.gui.qt import QWidget
    from callpath.gui.result import ResultPage
    from callpath.gui.run import RunPage
    from callpath.gui.watching import WatchController
    from callpath.gui.watchview import WatchDialog
    from callpath.gui.worker import Background, DiagnosisRunner

log = logging.getLogger(__name__)


class Page(enum.IntEnum):
    ASK = 0
    RUN = 1
    RESULT = 2
    PRIVACY = 3  # before the first run, and from Help


def _preload(catalog_loaded, located, pages_loaded) -> None:
    """After the first paint, on a thread, what the window soon wants, first things first: the
    catalog checked whole (then ``catalog_loaded(catalog or the CatalogError)``), the location
    guess (tzlocal reading the system's time zone; then ``located(guess, zone)``), the Run,
    Result and watch modules (then ``pages_loaded()``: the GUI thread builds the pages and
    resumes a watch), the log file, the measuring core. Each of these took the GUI thread 10-25
    ms at a time when done there. Stops when the window has closed and Qt has deleted it."""
    def give(emit, *args) -> bool:
        try:
            emit(*args)
        except RuntimeError:  # "Signal source has been deleted": the window is gone
            return False
        return True

    from callpath.core.api import give_way

    give_way()  # the window, which may be in use by now, comes first
    if catalog_loaded is not None:  # None: the window was given its catalog
        from callpath.core.api import CatalogError, load_catalog

        try:
            loaded: Any = load_catalog()
        except CatalogError as e:
            loaded = e
        if not give(catalog_loaded, loaded):
            return
    from callpath.core.api import location_guess

    if not give(located, *location_guess()):
        return
    for name in ("run", "result", "watching"):
        importlib.import_module(f"callpath.gui.{name}")
    if not give(pages_loaded):
        return
    from callpath.core.api import prepare, start_log

    start_log()
    prepare()
    # What is loaded now lives as long as the app: the collector need not walk it again. A full
    # collection walked its some 60,000 objects for 16 ms, holding the interpreter on whichever
    # thread it fell, a probe's in a diagnosis, and the window waited. The young generations'
    # garbage is collected first (a millisecond), so that little of it is kept for good.
    gc.collect(1)
    gc.freeze()


class MainWindow(QMainWindow):
    """Signals: history_note(str): something to tell about the history (from its thread);
    started(): the window has painted and its deferred start-up work has begun."""

    history_note = Signal(str)
    started = Signal()
    _pages_loaded = Signal()
    _located = Signal(str, str)
    _catalog_loaded = Signal(object)

    def __init__(self, catalog: Catalog | None = None, deadline_s: float | None = None,
                 diagnosis_options: dict[str, Any] | None = None):
        """``catalog``: the one to check with (tests, the lab); by default the bundled one, whose
        apps the first page shows at once and which is checked whole after the first paint, or
        when needed before that (:attr:`catalog`). A catalog that cannot be used raises
        CatalogError here, or is said once the window has painted (:meth:`_catalog_unusable`)."""
        super().__init__()
        self._catalog = catalog
        self._unusable = False  # the catalog cannot be used: the window is closing
        apps = catalog.apps if catalog is not None else read_apps()
        self.apps = apps if apps is not None else self.catalog.apps  # unreadable: load() says why
        self.deadline_s = deadline_s
        # For tests and the lab: where DNS is asked (loopback servers), never set by users.
        self.diagnosis_options = diagnosis_options or {}
        self.remembered = Remembered()
        self.settings = self.remembered.store
        self.report: Report | None = None
        self.last_answers = Answers()  # what a "Run again" repeats (restored below)
        self._cancelling = False

        self.stack = QStackedWidget()
        self.ask = AskPage(self.apps)
        # The other pages are built when first needed, or just after the first paint: their
        # modules and widgets were a third of the start (bench/gui_start_and_stall.py).
        self._run: RunPage | None = None
        self._result: ResultPage | None = None
        self.privacy: PrivacyPage | None = None  # built when first shown (first run, Help)
        self._pages: dict[Page, QWidget] = {Page.ASK: self.ask}
        self._back_from_privacy = Page.ASK
        self.stack.addWidget(self.ask)
        self.setCentralWidget(self.stack)

        # The runs' runner and the history's keeper are made when first needed, after the first
        # paint by default: their module (Qt signals, a queue) was 2 ms of the start.
        self._runner: DiagnosisRunner | None = None
        self._keeper_thread: Background | None = None
        self.ask.start.connect(self.start)
        self.ask.sensitive_changed.connect(self._set_sensitive)
        self._pages_loaded.connect(self._build_pages)
        self._catalog_loaded.connect(self._take_catalog)
        self._located.connect(self._show_location)
        self._to_keep: Report | None = None  # a finished run not yet handed to _keeper
        self._watching: WatchController | None = None  # the watch of the line to China, made when first needed
        self.watch_window: WatchDialog | None = None
        self.history_note.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.escape: QShortcut | None = None  # bound after the first paint (_bind_keys)

        self._build_menu()
        self.last_answers = self._restore()
        self.ask.set_answers(self.last_answers, guessed=not self.settings.contains("answers/symptom"))
        self.ask.set_sensitive(self.sensitive_probes())
        self.retranslate()
        self.show_page(Page.ASK if self.remembered.flag("privacy/seen", False) else Page.PRIVACY)
        self._started = False
        if self.remembered.damaged:
            self._say_damaged(self.remembered.keep_damaged())

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """Start-up work the first window need not wait for. Done earlier, it delays the first
        paint (the bundle's start bench shows it); done later, Start would wait for it.

        Here, each at a turn of its own: the Qt names the first page did not use (gui/qt.py),
        before any other thread imports a page that uses them; the window icon (Qt's SVG
        library). On a thread (_preload): the catalog checked whole, the location guess, the
        other pages' modules, the log file (logging.handlers pulls in sockets and pickle) and
        the measuring core (requests, dnspython, …); what it brings, each at its own turn."""
        self._bind_keys()
        qt.load(qt.FIRST)
        QTimer.singleShot(0, self._start_preload)

    def _bind_keys(self) -> None:
        """The keyboard's shortcuts, bound once the window has painted (no key can be pressed in
        a window not yet shown): QKeySequence's type was half a millisecond of the first paint.
        "Esc", not Qt.Key.Key_Escape, and setShortcuts, not setShortcut (whose overloads are
        told apart by the Qt namespace's enums): naming that namespace costs 11 ms (gui/qt.py)."""
        self.escape = QShortcut(qt.QKeySequence("Esc"), self)
        self.escape.activated.connect(self._escape)
        self.history_action.setShortcuts([qt.QKeySequence("Ctrl+H")])
        self.quit_action.setShortcuts(qt.QKeySequence.StandardKey.Quit)

    def _start_preload(self) -> None:
        qt.load()
        # The threads that run the checks and keep them, started while nothing else runs.
        self.runner.prepare()
        self._keeper.start()
        threading.Thread(target=_preload, daemon=True, name="callpath-preload",
                         args=(None if self._catalog is not None else self._catalog_loaded.emit,
                               self._located.emit, self._pages_loaded.emit)).start()
        QTimer.singleShot(0, self._set_icon)

    @property
    def runner(self) -> DiagnosisRunner:
        if self._runner is None:
            from callpath.gui.worker import DiagnosisRunner

            runner = self._runner = DiagnosisRunner(self)
            runner.news.connect(lambda: self.run.apply(runner.take()))
            runner.finished.connect(self._finished)
            runner.failed.connect(self._failed)
        return self._runner

    @property
    def _keeper(self) -> Background:
        """The thread that keeps finished runs in the history."""
        if self._keeper_thread is None:
            from callpath.gui.worker import Background

            self._keeper_thread = Background("callpath-history", give_way=True)
        return self._keeper_thread

    def _set_icon(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Named here, not where the module loads: QIcon's type was 0.9 ms of the first paint.
            app.setWindowIcon(qt.QIcon(str(resource_path("icons/callpath.svg"))))

    @property
    def catalog(self) -> Catalog:
        """The catalog, checked whole: on the preload thread once the window has painted, or
        here when needed before that (raises CatalogError when it cannot be used)."""
        if self._catalog is None:
            from callpath.core.api import load_catalog

            self._catalog = load_catalog()
        return self._catalog

    def _take_catalog(self, loaded: Any) -> None:
        """The preload thread's catalog, or why it cannot be used."""
        if isinstance(loaded, Exception):
            self._catalog_unusable(str(loaded))
        elif self._catalog is None:
            self._catalog = loaded

    def _catalog_unusable(self, reason: str) -> None:
        """The bundled catalog cannot be used (a damaged install): nothing can be checked.
        Said in one line, as the command line says it, and the window closes."""
        self._unusable = True
        log.error("catalog: %s", reason)
        print(f"callpath: {reason}", file=sys.stderr, flush=True)
        qt.QMessageBox.critical(self, "CallPath", reason)
        self.close()

    def _show_location(self, guess: str, zone: str) -> None:
        self.ask.show_guess(guess, zone)
        self.started.emit()

    def _build_pages(self) -> None:
        """The Run page now, the Result page and a watch to resume at later turns of the event
        loop: each is one short pause of the GUI thread, not one long one."""
        if self._unusable:
            return
        if self._run is None:
            self.run  # noqa: B018 - built by the property
        QTimer.singleShot(0, lambda: self.result)
        QTimer.singleShot(0, self._resume_watch)

    @property
    def run(self) -> RunPage:
        if self._run is None:
            from callpath.gui.run import RunPage

            self._run = RunPage(self.apps)
            self._run.cancel.connect(self.cancel)
            self._add_page(Page.RUN, self._run)
        return self._run

    @property
    def result(self) -> ResultPage:
        if self._result is None:
            from callpath.gui.result import ResultPage

            page = self._result = ResultPage(self.apps)
            page.run_again.connect(lambda: self.start(self.last_answers))
            page.new_check.connect(lambda: self.show_page(Page.ASK))
            page.save.connect(self.save_report)
            page.copy.connect(self.copy_report)
            page.followups_changed.connect(self._followups_answered)
            page.family.greeting.setText(str(self.settings.value("family/greeting", "") or ""))
            page.family.greeting_changed.connect(lambda text: self.settings.setValue("family/greeting", text))
            page.retranslate()
            self._add_page(Page.RESULT, page)
        return self._result

    def _add_page(self, page: Page, widget: QWidget) -> None:
        self._pages[page] = widget
        self.stack.addWidget(widget)

    # --- menu and language -------------------------------------------------------------------------

    def _build_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.history_action = QAction(self)
        self.history_action.triggered.connect(self.show_history)
        self.file_menu.addAction(self.history_action)
        self.watch_action = QAction(self)
        self.watch_action.triggered.connect(self.show_watch)
        self.file_menu.addAction(self.watch_action)
        self.language_menu = self.menuBar().addMenu("")
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        self.language_actions = {}
        for lang in LANGS:
            # Parent first, text after: given a text, QAction's constructor builds QIcon's
            # enums (1 ms of the first paint) to tell its overloads apart.
            action = QAction(self, checkable=True)
            action.setText(LANG_NAMES[lang])
            action.triggered.connect(lambda checked, lang=lang: self.set_language(lang))
            self.language_group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[lang] = action
        self.settings_menu = self.menuBar().addMenu("")
        self.sensitive_action = QAction(self, checkable=True)
        self.sensitive_action.setChecked(self.sensitive_probes())
        self.sensitive_action.toggled.connect(self._set_sensitive)
        self.settings_menu.addAction(self.sensitive_action)
        self.help_menu = self.menuBar().addMenu("")
        self.privacy_action = QAction(self)
        self.privacy_action.triggered.connect(self._show_privacy)
        self.help_menu.addAction(self.privacy_action)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self._about)
        self.help_menu.addAction(self.about_action)
        self.quit_action = QAction(self)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

    def set_language(self, lang: str) -> None:
        """Switch every visible text at once, the verdict included."""
        i18n.set_language(lang)
        self.settings.setValue("language", i18n.language())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("CallPath: why won't my call go through?"))
        self.file_menu.setTitle(_("&File"))
        self.history_action.setText(_("&History…"))
        self.watch_action.setText(_("&Watch the line to China…"))
        self.language_menu.setTitle(_("&Language"))
        self.settings_menu.setTitle(_("&Settings"))
        self.sensitive_action.setText(_("Check for &censorship (forged answers, cut connections)"))
        self.help_menu.setTitle(_("&Help"))
        self.privacy_action.setText(_("What CallPath &sends…"))
        self.about_action.setText(_("&About CallPath"))
        self.quit_action.setText(_("&Quit"))
        for lang, action in self.language_actions.items():
            action.setChecked(lang == i18n.language())
        self.ask.retranslate()
        if self._run is not None:
            self._run.retranslate()
        if self.privacy is not None:
            self.privacy.retranslate()
        if self.report is not None:
            from callpath.core.api import explain_report  # the core loads after the window shows
            self.result.show_report(self.report, explain_report(self.report, i18n.language()))
        if self._result is not None:
            self._result.retranslate()
        if self.watch_window is not None:
            self.watch_window.retranslate()

    def _about(self) -> None:
        qt.QMessageBox.about(self, _("About CallPath"), _(
            "CallPath {version}\n\nFinds out why calls to China fail: on your side, or upstream.\n"
            "Nothing is uploaded; only the tests themselves leave this computer.\n\n"
            "Free software under the GNU GPL, version 3 or later.").format(version=__version__))

    # --- what is sent ---------------------------------------------------------------------------------

    def sensitive_probes(self) -> bool:
        """Whether the checks that reveal an interest in censored names run (Settings)."""
        return self.remembered.flag("probes/sensitive", True)

    def _set_sensitive(self, on: bool) -> None:
        self.settings.setValue("probes/sensitive", on)
        self.ask.set_sensitive(on)
        self.sensitive_action.setChecked(on)
        if self.privacy is not None:
            self.privacy.set_sensitive(on)

    def _privacy_read(self, sensitive: bool) -> None:
        self.settings.setValue("privacy/seen", True)
        self.sensitive_action.setChecked(sensitive)
        self._set_sensitive(sensitive)
        self.show_page(self._back_from_privacy)

    def _show_privacy(self) -> None:
        """Help > What CallPath sends: the page, then back where the user was."""
        if self.page() not in (Page.RUN, Page.PRIVACY):
            self._back_from_privacy = self.page()
            self.show_page(Page.PRIVACY)

    # --- the wizard ----------------------------------------------------------------------------------

    def _privacy_page(self) -> PrivacyPage:
        if self.privacy is None:
            from callpath.gui.privacy import PrivacyPage  # a first start's page, or Help's

            self.privacy = PrivacyPage(self.catalog)
            self.privacy.set_sensitive(self.sensitive_probes())
            self.privacy.done.connect(self._privacy_read)
            self._add_page(Page.PRIVACY, self.privacy)
        return self.privacy

    def show_page(self, page: Page) -> None:
        widget = {Page.RUN: lambda: self.run, Page.RESULT: lambda: self.result,
                  Page.PRIVACY: self._privacy_page}.get(page, lambda: self.ask)()
        self.stack.setCurrentWidget(widget)
        if page == Page.ASK:
            self.ask.start_button.setFocus()
        elif page == Page.PRIVACY and self.privacy is not None:
            self.privacy.continue_button.setFocus()

    def page(self) -> Page:
        current = self.stack.currentWidget()
        return next(page for page, widget in self._pages.items() if widget is current)

    def start(self, answers: Answers) -> None:
        if self.runner.running:
            return
        self.last_answers = answers
        self.remembered.save_answers(answers)
        from callpath.core.api import CatalogError, Diagnosis  # the core loads after the window shows

        try:
            catalog = self.catalog  # checked whole before any check runs
        except CatalogError as e:
            self._catalog_unusable(str(e))
            return
        kwargs = {"sensitive_probes": self.sensitive_probes(), **self.diagnosis_options}
        if self.deadline_s is not None:
            kwargs["deadline_s"] = self.deadline_s
        # The busy-line test: only as the user asked for it on this page, and where the
        # catalog names its load servers.
        kwargs["busy_line"] = self.ask.busy_line_asked() and catalog.busy_line is not None
        diagnosis = Diagnosis(answers, catalog, lang=i18n.language(), **kwargs)
        self._cancelling = False
        self.report = None
        self.run.begin(diagnosis.planned_groups(), answers.app, expected_s=diagnosis.expected_s,
                       busy_line=diagnosis.busy_line)
        self.show_page(Page.RUN)
        self.runner.start(diagnosis)

    def cancel(self) -> None:
        """Stop the run; the core ends within a second, and we go back to the questions."""
        if self.runner.running:
            self._cancelling = True
            self.runner.cancel()

    def _escape(self) -> None:
        if self.page() == Page.RUN:
            self.cancel()
        elif self.page() == Page.RESULT:
            self.show_page(Page.ASK)

    def _finished(self) -> None:
        report = self.runner.report
        self.run.finish()
        if report is None or self._cancelling or report["context"].get("ended_by") == "cancelled":
            # Nothing half-done is kept or shown; said, so the user knows where they are.
            self._cancelling = False
            self.show_page(Page.ASK)
            self.statusBar().showMessage(_("Check cancelled: nothing was kept. Start again when "
                                           "you are ready."), 15000)
            return
        self.report = report
        self.result.show_report(report, report["verdict"], from_history=False)
        self.show_page(Page.RESULT)
        # Handed to the history's thread at the next turn of the event loop (or on closing, if
        # that comes first), so that its work (redacting, SQLite) does not compete with the
        # result page's first paint for the interpreter.
        self._to_keep = report
        QTimer.singleShot(0, self._keep_pending)

    # --- sharing and history ----------------------------------------------------------------------

    def _followups_answered(self, replies: dict[str, str]) -> None:
        """The user's replies about the called phone: the verdict judged again with them (the
        saved and copied reports carry them)."""
        from callpath.core.api import with_followups
        if self.report is None:
            return
        self.report = with_followups(self.report, replies, i18n.language())
        self.result.show_report(self.report, self.report["verdict"], focus=False)

    def shareable(self) -> Report:
        """The report as it may leave this computer: redacted unless the user said otherwise."""
        from callpath.core.api import redact_report
        assert self.report is not None
        return redact_report(self.report) if self.result.redact_box.isChecked() else self.report

    def save_report(self) -> None:
        from callpath.gui.export import save_report
        if self.report is None:
            return
        path = save_report(self, self.shareable(), self.result.card, self.result.also())
        if path is not None:
            self.statusBar().showMessage(_("Saved to {path}").format(path=path), 8000)

    def copy_report(self, fmt: str) -> None:
        from callpath.gui.export import copy_for_forum
        if self.report is None:
            return
        copy_for_forum(self.shareable(), fmt, self.result.also())
        self.statusBar().showMessage(_("Copied: paste it into your post"), 8000)

    def _history(self):
        from callpath.core.api import History, HistoryError
        try:
            store = History.open_default()
        except HistoryError as e:
            self.statusBar().showMessage(str(e), 10000)
            return None
        if store.notice:
            qt.QMessageBox.information(self, _("History"), store.notice)
        return store

    def _keep_pending(self) -> None:
        report, self._to_keep = self._to_keep, None
        if report is not None:
            self._keep(report)

    def _keep(self, report: Report) -> None:
        """Every finished run goes into the history, redacted like any report. Off the GUI
        thread: SQLite waits for the disk to confirm each write."""
        self._keeper.submit(self._keep_now, report)

    def _keep_now(self, report: Report) -> None:
        from callpath.core.api import keep_in_history
        notice = keep_in_history(report)
        if notice:
            self.history_note.emit(notice)

    def show_history(self) -> None:
        from callpath.gui.export import HistoryDialog
        store = self._history()
        if store is None:
            return
        try:
            dialog = HistoryDialog(store, self)
            if dialog.exec() and dialog.chosen is not None:
                from callpath.core.api import explain_report
                self.report = dialog.chosen
                self.result.show_report(self.report, explain_report(self.report, i18n.language()),
                                        from_history=True)
                self.show_page(Page.RESULT)
        finally:
            store.close()

    def watching(self) -> WatchController:
        """The app's one watch (watching.WatchController), made when first needed."""
        if self._watching is None:
            from callpath.gui.watching import WatchController
            self._watching = WatchController(self.catalog, self.settings, self,
                                             location=lambda: self.ask.answers().location)
            self._watching.show_requested.connect(self.show_watch)
        return self._watching

    def show_watch(self) -> None:
        """The watch window, not modal: the watch goes on when it is closed."""
        answers = self.ask.answers()
        # All the apps: each app's servers are watched, and the window says when one's way got worse
        # (a catalog with no voice server to watch for them: the default app's way).
        app = answers.app
        if app == ALL_APPS and not watch_apps(self.catalog, ALL_APPS):
            app = self.ask.default_app
        if self.watch_window is None:
            from callpath.gui.watchview import WatchDialog
            self.watch_window = WatchDialog(self.watching(), app, self)
        self.watch_window.app_id, self.watch_window.location = app, answers.location
        self.watch_window._draw()
        self.watch_window.show()
        self.watch_window.raise_()
        self.watch_window.activateWindow()

    def _resume_watch(self) -> None:
        """A watch cut short by closing CallPath or a restart goes on, in view."""
        if self.watching().resume():
            self.show_watch()

    def _failed(self, _reason: str) -> None:
        self.run.finish()
        self.show_page(Page.ASK)
        qt.QMessageBox.warning(self, _("CallPath"), _(
            "Something went wrong inside CallPath, and the check stopped. Details are in the log "
            "file: {path}").format(path=log_file()))

    # --- remembering ---------------------------------------------------------------------------------

    def _restore(self) -> Answers:
        if not self.remembered.restore_geometry(self):
            self.resize(760, 720)
        return self.remembered.answers(self.ask.answers(), SYMPTOMS, list(self.ask.app_buttons))

    def _say_damaged(self, kept: Path | None) -> None:
        self.statusBar().showMessage(
            _("Some remembered settings could not be read, so the usual ones are used.")
            + (" " + _("The old file was kept as {path}.").format(path=kept) if kept else ""), 30000)

    def closeEvent(self, event):  # noqa: N802
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        if self._runner is not None:
            if self._runner.running:
                self._runner.cancel()
            self._runner.wait(3.0)  # join worker threads before the app exits
        self._keep_pending()
        if self._keeper_thread is not None:
            self._keeper_thread.join(3.0)
        if self._watching is not None:
            self._watching.pause()  # joined; the watch goes on when the app opens again
        super().closeEvent(event)
