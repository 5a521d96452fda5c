"""Respond's summary: what will be done for an incident, step by step, before anything is sent.

Each step can be left out; the window of the footage requests can be changed; Ctrl+Enter (or
Enter on the Send button) sends everything ticked at once. An incident dispatch sent in a form no
footage request or live view can carry (a CAD number that is no case number) is said here,
before sending, with those steps left out: the door-knock list still goes.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from rtcc_desktop.incidents.respond import RequestsRefused, ResponsePlan, case_number_refusal


class RespondDialog(QDialog):
    def __init__(self, plan: ResponsePlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        incident = plan.incident
        self.setWindowTitle(self.tr("Respond · {cad_number}").format(cad_number=incident.cad_number))
        self.plan = plan
        self.result_plan: ResponsePlan | None = None
        where = incident.address or f"{incident.lat:.5f}, {incident.lon:.5f}"
        title = QLabel(self.tr("P{priority} {kind} · {cad_number}\n{where} · cameras within {radius_m:.0f} m").format(
            priority=incident.priority, kind=incident.kind, cad_number=incident.cad_number, where=where,
            radius_m=plan.radius_m))
        title.setTextFormat(Qt.TextFormat.PlainText)  # text from dispatch is never markup
        self.live = QCheckBox(self.tr("Live: {n_live} nearest live-shared cameras to the wall, case "
                                      "{cad_number}, purpose “incident response”").format(
            n_live=len(plan.live), cad_number=incident.cad_number))
        self.footage = QCheckBox(self.tr("Footage: one request for {n_request} cameras (nearest first, within "
                                         "the limits)").format(
            n_request=len(plan.request)))
        self.escalate = QCheckBox(self.tr("Escalation: a second request for the other {n_escalate} cameras, "
                                          "with its reason, for a supervisor").format(
            n_escalate=len(plan.escalate)))
        self.canvass = QCheckBox(self.tr("Canvass: door-knock list of {n_canvass} addresses with registered "
                                         "cameras (page, PDF and CSV)").format(
            n_canvass=len(plan.canvass)))
        # What dispatch sent that no live view or request can carry is said before sending, and
        # those steps are left out (the backend would refuse each, after the undo window).
        self.case_refused = case_number_refusal(incident.cad_number)
        try:
            plan.requests()
            self.refused = self.case_refused
        except RequestsRefused as exc:
            self.refused = str(exc)
        requestable = not self.refused
        for box, items in ((self.live, plan.live and not self.case_refused),
                           (self.footage, plan.request and requestable),
                           (self.escalate, plan.escalate and requestable), (self.canvass, plan.canvass)):
            box.setChecked(bool(items))
            box.setEnabled(bool(items))
            box.toggled.connect(self._summarise)
        self.start = QDateTimeEdit(QDateTime(plan.window_start))
        self.end = QDateTimeEdit(QDateTime(plan.window_end))
        for edit in (self.start, self.end):
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setCalendarPopup(True)
            edit.dateTimeChanged.connect(self._summarise)
        self.start.setAccessibleName(self.tr("Footage window start"))
        self.end.setAccessibleName(self.tr("Footage window end"))
        window_row = QHBoxLayout()
        window_row.addWidget(self.start)
        window_row.addWidget(QLabel(self.tr("to")))
        window_row.addWidget(self.end)
        form = QFormLayout()
        form.addRow(self.tr("Footage window"), window_row)
        self.summary = QLabel()
        self.summary.setObjectName("hintText")
        self.summary.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("errorText")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)  # a refusal quotes dispatch's CAD number
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send = buttons.addButton(self.tr("Send (Ctrl+Enter)"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.send.setDefault(True)
        buttons.accepted.connect(self.accept_plan)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.accept_plan)
        box = QVBoxLayout(self)
        box.addWidget(title)
        for widget in (self.live, self.footage, self.escalate, self.canvass):
            box.addWidget(widget)
        box.addLayout(form)
        box.addWidget(self.summary)
        box.addWidget(self.problem)
        box.addWidget(buttons)
        self._summarise()

    def chosen(self) -> ResponsePlan:
        """The plan with the steps left out emptied and the window as edited."""
        return replace(self.plan, live=self.plan.live if self.live.isChecked() else (),
                       request=self.plan.request if self.footage.isChecked() else (),
                       escalate=self.plan.escalate if self.escalate.isChecked() else (),
                       canvass=self.plan.canvass if self.canvass.isChecked() else (),
                       window_start=self.start.dateTime().toPython().astimezone(),
                       window_end=self.end.dateTime().toPython().astimezone())

    def _summarise(self) -> None:
        plan = self.chosen()
        self.summary.setText(plan.summary())
        bad = plan.window_end <= plan.window_start and bool(plan.request or plan.escalate)
        if bad:
            self.problem.setText(self.tr("The footage window ends before it starts."))
        elif self.case_refused:
            self.problem.setText(self.tr("No live view or footage request can be opened for this incident: "
                                         "{reason}.").format(reason=self.case_refused))
        elif self.refused:
            self.problem.setText(self.tr("No footage request can be sent for this incident: {reason}.").format(
                reason=self.refused))
        else:
            self.problem.setText("")
        self.send.setEnabled(not bad and bool(plan.live or plan.request or plan.escalate or plan.canvass))

    def accept_plan(self) -> None:
        if self.send.isEnabled():
            self.result_plan = self.chosen()
            self.accept()
