<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AlarmBar</name>
    <message>
        <location filename="../../ui/alarms/alarm_bar.py" line="47"/>
        <source> · acknowledged by {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/alarm_bar.py" line="49"/>
        <source>camera not in the registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/alarm_bar.py" line="50"/>
        <source>ALARM · camera {camera_id} · {label} · viewable for {time_left}{seen}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/alarm_bar.py" line="63"/>
        <source>… and {count} more alarm(s): see the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/alarm_bar.py" line="79"/>
        <source>Show on wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/alarm_bar.py" line="80"/>
        <source>Open this camera on the alarm tile (or the first free tile)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/alarm_bar.py" line="84"/>
        <source>Acknowledge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/alarm_bar.py" line="85"/>
        <source>Record that you have seen this alarm (audited)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AlarmWiring</name>
    <message>
        <location filename="../../ui/alarms/install.py" line="29"/>
        <source>Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/install.py" line="37"/>
        <source>&amp;Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/install.py" line="39"/>
        <source>Open new alarms on the &amp;wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/install.py" line="44"/>
        <source>A new alarm opens its camera on the alarm tile (right-click a tile to choose it), or on the first free tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/install.py" line="50"/>
        <source>&amp;Acknowledge all alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/install.py" line="71"/>
        <source>Alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/install.py" line="71"/>
        <source>Camera {camera_id}: the owner&apos;s alarm is active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/install.py" line="73"/>
        <source>ALARM on camera {camera_id} — live video while it lasts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/alarms/install.py" line="81"/>
        <source>Alarm on camera {camera_id} is over; its live video has ended.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <location filename="../../ui/app.py" line="61"/>
        <source>Starting the training backend…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="63"/>
        <location filename="../../ui/app.py" line="82"/>
        <source>RTCC Desktop — demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="83"/>
        <source>The training backend did not start:

{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="140"/>
        <source>Signed out.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AuditView</name>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="59"/>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="60"/>
        <source>Action (e.g. stream, request.create)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="61"/>
        <source>Case number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="67"/>
        <source>From day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="68"/>
        <source>To day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="74"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="76"/>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="78"/>
        <source>Transparency report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="85"/>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="85"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="93"/>
        <source>Audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="127"/>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="134"/>
        <source>{count:,} audit entry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="135"/>
        <source>{count:,} audit entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="139"/>
        <source>Export audit trail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="140"/>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="146"/>
        <source>Exported {n_events} entries to {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="152"/>
        <source>Save the transparency report to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="167"/>
        <source>Building the transparency report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/audit_view.py" line="168"/>
        <source>Transparency report written: {p} (and .csv)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraDetails</name>
    <message>
        <location filename="../../ui/map/camera_details.py" line="58"/>
        <location filename="../../ui/map/camera_details.py" line="122"/>
        <source>Show on wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="59"/>
        <source>Open this camera&apos;s live feed on the first free wall tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="60"/>
        <source>Request footage…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="61"/>
        <source>Emergency live view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="62"/>
        <source>Ask a supervisor for live video of this camera (life or safety at risk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="42"/>
        <location filename="../../ui/map/camera_details.py" line="100"/>
        <source>No camera selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="44"/>
        <source>Click a camera on the map, pick one in the Cameras list, or right-click the map for an incident radius.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="48"/>
        <source>Camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="48"/>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="49"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="49"/>
        <source>Enrollment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="50"/>
        <source>Sharing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="51"/>
        <source>Consent window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="52"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="52"/>
        <source>Updated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="111"/>
        <source>no time limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="112"/>
        <source>until {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="114"/>
        <source>no live consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="121"/>
        <source>ALARM: live until {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="122"/>
        <source>Show alarm on wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="126"/>
        <source>The owner&apos;s alarm is active: live video while it lasts, logged under the alarm&apos;s reference.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_details.py" line="128"/>
        <source>Live view is logged under the case number you give.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CameraList</name>
    <message>
        <location filename="../../ui/map/camera_list.py" line="120"/>
        <source>Filter cameras by label, address, state…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_list.py" line="122"/>
        <source>Filter cameras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/camera_list.py" line="129"/>
        <source>Cameras, sortable by column</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DebriefDialog</name>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="32"/>
        <source>Debrief — {drill}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="36"/>
        <source>Reading the drill&apos;s audit trail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="40"/>
        <source>Debrief report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="42"/>
        <source>Export HTML…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="55"/>
        <source>{trainee_actions} trainee actions in the audit trail since the drill started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="61"/>
        <source>The debrief could not be made: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="66"/>
        <source>Export debrief</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="68"/>
        <source>HTML (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="75"/>
        <source>Could not write {path}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/debrief_dialog.py" line="77"/>
        <source>Exported to {path}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetachedWall</name>
    <message>
        <location filename="../../ui/wall/detached_wall.py" line="21"/>
        <source>RTCC Desktop — video wall</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisplayWindow</name>
    <message>
        <location filename="../../ui/room_wall/display_window.py" line="92"/>
        <source>RTCC Desktop — room wall, screen {number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EscalationsView</name>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="29"/>
        <source>request {request_id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="31"/>
        <source>emergency live view of camera {camera_id}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="33"/>
        <source>#{id} {status} — case {case_number}: {what} by {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="37"/>
        <source>
   beyond limits: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="38"/>
        <source>
   justification: {justification}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="41"/>
        <source>
   {status} by {user}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="44"/>
        <source>
   owner {response}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="46"/>
        <source> — live view until {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="71"/>
        <source>Escalations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="74"/>
        <source>Escalation inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="74"/>
        <source>My escalations (a supervisor decides)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="78"/>
        <source>Reason for the decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="79"/>
        <source>Reason for the decision (required, goes to the audit trail)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="80"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="81"/>
        <source>Deny</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="86"/>
        <source>Show on wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="87"/>
        <source>Open this emergency live view on the wall, under the escalation&apos;s case number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="141"/>
        <source>You filed this escalation: another supervisor decides it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="159"/>
        <source>Select an escalation first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="162"/>
        <source>Write the reason for your decision (at least 5 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="180"/>
        <source>New escalation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/escalations_view.py" line="181"/>
        <source>Case {case_number} needs a supervisor decision.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExigentDialog</name>
    <message>
        <location filename="../../ui/footage/exigent_dialog.py" line="30"/>
        <source>Emergency live view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/exigent_dialog.py" line="38"/>
        <source>The emergency: why live video is needed now (life at risk, ...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/exigent_dialog.py" line="44"/>
        <source>Camera id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/exigent_dialog.py" line="45"/>
        <source>Case number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/exigent_dialog.py" line="46"/>
        <source>Justification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/exigent_dialog.py" line="48"/>
        <source>Ask a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/exigent_dialog.py" line="52"/>
        <source>A supervisor decides; then the owner is asked. Every view is audited.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentModel</name>
    <message>
        <location filename="../../ui/incidents/incident_model.py" line="18"/>
        <source>dispatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incident_model.py" line="19"/>
        <source>gunshot detection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incident_model.py" line="20"/>
        <source>placed here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incident_model.py" line="72"/>
        <source> (closed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incident_model.py" line="76"/>
        <source> · located to ±{accuracy_m:.0f} m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incident_model.py" line="78"/>
        <source>Priority {priority} · {kind} · {cad_number}{accuracy}
{address}
{description}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incident_model.py" line="91"/>
        <source>Priority {priority}, {kind}, reported {age} ago at {address}, {source}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incident_model.py" line="93"/>
        <source>, closed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentPanel</name>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="54"/>
        <location filename="../../ui/map/incident_panel.py" line="228"/>
        <source>Right-click the map and choose “Incident here”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="60"/>
        <source> m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="61"/>
        <source>Incident radius in metres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="68"/>
        <source>Incident radius</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="73"/>
        <source>Radius</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="81"/>
        <source>Cameras around the incident, nearest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="102"/>
        <source>nearest </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="103"/>
        <source>How many of the nearest live cameras go to the wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="105"/>
        <location filename="../../ui/map/incident_panel.py" line="229"/>
        <source>Live to wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="106"/>
        <source>Open the N nearest live-shared cameras on the wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="108"/>
        <location filename="../../ui/map/incident_panel.py" line="230"/>
        <source>Request footage…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="109"/>
        <source>Start one footage request for the cameras that are not live-shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="111"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="112"/>
        <source>Clear the incident circle and list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="182"/>
        <source>… and {rest:,} more cameras from {farthest:,.0f} m to {radius_m} m (on the map; “Request footage” includes them).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="187"/>
        <source>{n_hits:,} cameras within {radius_m} m: {live:,} live-shared now, {by_request:,} by request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="196"/>
        <source>Live to wall ({count} of {live})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/incident_panel.py" line="198"/>
        <source>Request footage from the other {count}…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentsDesk</name>
    <message>
        <location filename="../../ui/incidents/install.py" line="83"/>
        <source>Incidents not loaded: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/install.py" line="99"/>
        <source>Priority 1: {kind}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/install.py" line="117"/>
        <source>Incident {cad_number} created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/install.py" line="179"/>
        <source>{cad_number}: {summary} — sending in {left} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/install.py" line="181"/>
        <source>{cad_number}: {summary} — nothing to send; Undo closes the views for {left} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/install.py" line="195"/>
        <source>Respond for {cad_number} undone: nothing was sent; {closed} live view(s) closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/install.py" line="237"/>
        <source>{cad_number}: {live} live · {summary}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/install.py" line="240"/>
        <source> · files in {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/install.py" line="250"/>
        <source>Incident {cad_number} closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/install.py" line="255"/>
        <source>Incident {cad_number} not closed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IncidentsPanel</name>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="49"/>
        <source>Show (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="50"/>
        <source>Show the priority 1 incident on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="52"/>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="53"/>
        <source>Dismiss the priority 1 banner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="71"/>
        <source>Undo (Ctrl+Z)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="72"/>
        <source>Undo the response just sent (nothing is sent yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="73"/>
        <source>Undo the response: send nothing, close its live views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="75"/>
        <source>Send now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="76"/>
        <source>Send the response now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="88"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="88"/>
        <source>Open and closed in the last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="89"/>
        <source>Which incidents to list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="95"/>
        <source>Incident queue, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="111"/>
        <source>Show on map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="112"/>
        <source>Centre the map on the incident and list the cameras around it (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="114"/>
        <source>Respond… (R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="115"/>
        <source>Live cameras to the wall, a footage request and a door-knock list for the selected incident, shown before anything is sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="118"/>
        <source>Close incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="119"/>
        <source>Close an incident placed here (a supervisor may close any)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="121"/>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="122"/>
        <source>Load the queue from the backend again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="125"/>
        <source>List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="187"/>
        <source>PRIORITY 1 · {kind} · {address} · {cad_number} · {age} ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/incidents_panel.py" line="188"/>
        <source>location on the map</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/lock_screen.py" line="17"/>
        <source>Session locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="23"/>
        <location filename="../../ui/lock_screen.py" line="24"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="27"/>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="30"/>
        <source>Sign in as someone else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="51"/>
        <source>Signed in as {username}. {reason} Video is paused and panels are hidden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/lock_screen.py" line="64"/>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="54"/>
        <source>RTCC Desktop — {username} ({role})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="60"/>
        <source>TRAINING — this is a drill backend, not live operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="62"/>
        <source>Training banner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="78"/>
        <location filename="../../ui/main_window.py" line="248"/>
        <source>RTCC Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="101"/>
        <source>Locked after inactivity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="115"/>
        <location filename="../../ui/main_window.py" line="142"/>
        <source>{title} panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="183"/>
        <source>&amp;Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>&amp;Lock session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>Locked on request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="187"/>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="189"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="190"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="192"/>
        <source>Show {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="195"/>
        <source>&amp;Reset layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="196"/>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="197"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="198"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="199"/>
        <source>&amp;About RTCC Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="238"/>
        <source>Your session has ended; please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="248"/>
        <source>Something needs your attention: unlock to see it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapPanel</name>
    <message>
        <location filename="../../ui/map/map_panel.py" line="83"/>
        <source>Camera map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="89"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="90"/>
        <source>Incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="91"/>
        <source>Cameras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="123"/>
        <source>Find a camera by label, address or #id  (Ctrl+F, Enter for the next hit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="126"/>
        <source>Find a camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="131"/>
        <source>Find a camera (Enter: the next hit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="143"/>
        <source>Show cameras: {category}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="145"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="146"/>
        <source>Show offline cameras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="150"/>
        <source>Show {kind} cameras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="152"/>
        <source>Fit all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="153"/>
        <source>Zoom out to every camera</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="156"/>
        <source>Map loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="215"/>
        <source>The map could not show the cameras: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="268"/>
        <source>No camera matches “{text}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="269"/>
        <source>No match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="274"/>
        <source>Match {number} of {total}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="285"/>
        <source>Incident here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="286"/>
        <source>Create incident here…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="287"/>
        <source>Copy coordinates ({lat:.5f}, {lon:.5f})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="327"/>
        <source>The cameras around the incident could not be listed: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="354"/>
        <source>Map failed to load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="360"/>
        <source>Map tiles unavailable: showing the offline outline map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="365"/>
        <source> · tiles unavailable (offline outline)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="366"/>
        <source> · map loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/map_panel.py" line="367"/>
        <source>{n:,} cameras{tiles}{ready}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <location filename="../../ui/map/map_view.py" line="124"/>
        <source>The map page did not load ({page_file}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewIncidentDialog</name>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="27"/>
        <source>New incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="33"/>
        <source>Incident type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="37"/>
        <source>Priority, 1 most urgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="40"/>
        <source>Street address or landmark (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="41"/>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="53"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="43"/>
        <source>What is known (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="44"/>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="54"/>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="50"/>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="51"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/new_incident_dialog.py" line="52"/>
        <source>Priority</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewRequestDialog</name>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="49"/>
        <source>Edit and resend footage request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="49"/>
        <source>New footage request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="54"/>
        <source>e.g. {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="56"/>
        <source>Incident latitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="57"/>
        <source>Incident longitude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="71"/>
        <source>camera ids, comma separated (or start from the map)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="74"/>
        <source>The crime being investigated and why this footage matters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="78"/>
        <source>Why this request needs more than the normal limits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="80"/>
        <source>Justification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="82"/>
        <source>Case number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="83"/>
        <source>Incident place (lat, lon)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="84"/>
        <source>Incident time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="85"/>
        <source>Window start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="86"/>
        <source>Window end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="87"/>
        <source>Cameras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="88"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="97"/>
        <source>Send request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="141"/>
        <source>Unknown camera ids: {ids}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="145"/>
        <source>Beyond the normal limits — a supervisor will decide: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="146"/>
        <source>Within the normal limits: it goes straight to the owners.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="170"/>
        <source>Discard request?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/new_request_dialog.py" line="170"/>
        <source>Discard this footage request? What you typed will be lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <location filename="../../ui/panels.py" line="24"/>
        <source>Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="25"/>
        <source>The camera map is not available in this build yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="26"/>
        <location filename="../../ui/wall/install.py" line="17"/>
        <source>Wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="27"/>
        <source>The video wall is not available in this build yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="30"/>
        <source>Incidents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="31"/>
        <source>The incident queue is not available in this build yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="33"/>
        <source>Room wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="34"/>
        <source>The room wall is not available in this build yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="35"/>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/panels.py" line="36"/>
        <source>The request queue is not available in this build yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/install.py" line="22"/>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PurposeDialog</name>
    <message>
        <location filename="../../ui/wall/viewing_purpose.py" line="30"/>
        <source>Open live video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/viewing_purpose.py" line="33"/>
        <source>e.g. {example}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/viewing_purpose.py" line="35"/>
        <source>e.g. Armed robbery in progress, 27th &amp; Wells</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/viewing_purpose.py" line="40"/>
        <source>Case / incident number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/viewing_purpose.py" line="41"/>
        <source>Purpose</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/viewing_purpose.py" line="43"/>
        <source>Open {camera_count} camera{value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/viewing_purpose.py" line="49"/>
        <source>Live video may only be used for a criminal investigation. The case number and purpose are recorded with every view and kept for the rest of this shift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/viewing_purpose.py" line="63"/>
        <source>Case number: letters, digits and dashes, 4-32 characters (e.g. 2026-004512).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/viewing_purpose.py" line="65"/>
        <source>Purpose: say why, in at least a few words.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RejectedRequests</name>
    <message>
        <location filename="../../ui/footage/rejected_requests.py" line="81"/>
        <source>{count} refused by the backend: fix and resend, or discard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/rejected_requests.py" line="86"/>
        <source>Discard refused request?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/rejected_requests.py" line="87"/>
        <source>Discard the refused request for case {case_number}? It will not be sent.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RejectedRow</name>
    <message>
        <location filename="../../ui/footage/rejected_requests.py" line="34"/>
        <source>Case {case_number} — {cameras}, refused {when}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/rejected_requests.py" line="36"/>
        <source>The backend gave no reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/rejected_requests.py" line="38"/>
        <source>Edit and resend…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/rejected_requests.py" line="40"/>
        <source>Discard…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RelayFailure</name>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="102"/>
        <source>The camera asks for the password in clear text (Basic) over an unencrypted connection; it was not sent. Use rtsps:// or Digest, or ask IT to allow it for this camera (cleartext_basic_cameras in the backend profile).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="119"/>
        <source>The camera refused access to this stream (RTSP 403).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="122"/>
        <source>The camera refused the user name or password{code}. Check the camera&apos;s credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="127"/>
        <source>The camera has no stream at that address (RTSP 404). Check the path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="129"/>
        <source>The camera (or its recorder) redirected the stream somewhere this app cannot follow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="133"/>
        <source>The camera sends video in a format this app cannot play ({formats}); set its stream to H.264 or H.265.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="136"/>
        <source>The camera&apos;s stream has no video this app can play.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="141"/>
        <source>the camera refused {transports} transport{code}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="142"/>
        <source>and</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="145"/>
        <source>or</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="146"/>
        <source>no video arrived over {transports}: a firewall may block it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="149"/>
        <source>no video arrived over {transports}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="152"/>
        <source>The camera refused the transport this app asked for{code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="158"/>
        <source>The camera at {host} cannot be reached ({detail}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="160"/>
        <source>The camera at {host} cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="162"/>
        <source>The camera cannot serve this stream now{code}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="165"/>
        <source>The camera&apos;s stream ended ({detail}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../rtcc_desktop/video/rtsp_relay/relay.py" line="166"/>
        <source>The camera&apos;s stream could not be started ({detail}).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestDetails</name>
    <message>
        <location filename="../../ui/footage/request_details.py" line="30"/>
        <location filename="../../ui/footage/request_details.py" line="68"/>
        <source>Select a request to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_details.py" line="34"/>
        <source>Request history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_details.py" line="37"/>
        <source>Footage files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_details.py" line="39"/>
        <source>Download footage…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_details.py" line="41"/>
        <source>Cancel request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_details.py" line="54"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_details.py" line="56"/>
        <source>Footage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_details.py" line="72"/>
        <source>
Beyond limits: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_details.py" line="74"/>
        <source>Case {case_number} — {status}
{n_camera_ids} camera(s) within {radius_m:.0f} m, window {window_start:%Y-%m-%d %H:%M}–{window_end:%H:%M} UTC
Owners: {owners_approved} shared, {owners_declined} declined, {owners_pending} not yet answered
Reason: {reason}{reasons}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestTableModel</name>
    <message>
        <location filename="../../ui/footage/request_model.py" line="33"/>
        <source>Needs supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="34"/>
        <source>Denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="35"/>
        <source>Waiting for owners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="36"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="37"/>
        <source>Declined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="38"/>
        <source>Expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="39"/>
        <source>Footage ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="40"/>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="81"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="84"/>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="86"/>
        <source>Cameras</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="88"/>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="91"/>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="93"/>
        <source>Due in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="96"/>
        <source>Owners ✓/✗/?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="99"/>
        <source>Requested by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/request_model.py" line="230"/>
        <source>Camera owners who shared footage / declined / have not answered yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestsDock</name>
    <message>
        <location filename="../../ui/footage/install.py" line="24"/>
        <source>Footage requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/install.py" line="25"/>
        <source>Escalations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/install.py" line="34"/>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/install.py" line="40"/>
        <source>New escalation for case {case_number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RequestsPanel</name>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="60"/>
        <source>Status filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="61"/>
        <source>All statuses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="65"/>
        <source>Case number filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="66"/>
        <source>Case number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="68"/>
        <location filename="../../ui/footage/requests_panel.py" line="136"/>
        <source>Search the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="69"/>
        <source>Search case, reason, requester (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="70"/>
        <source>Mine only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="71"/>
        <source>New request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="73"/>
        <source>Ctrl+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="80"/>
        <source>Emergency live view…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="81"/>
        <source>Ask a supervisor for live video of a camera that is not live-shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="91"/>
        <source>Footage requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="132"/>
        <source>New footage request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="141"/>
        <source>Reload the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="159"/>
        <source>An older outbox folder ({legacy_folder}) holds {n_legacy_leftovers} file(s) that are not sent automatically: it may hold other users&apos; requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="175"/>
        <source>Ignored a malformed request update from the backend: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="245"/>
        <source>The backend refused the request for case {case_number}: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="253"/>
        <source>{waiting} request(s) kept in the outbox: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="256"/>
        <source>Sent {n_sent} footage request(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="258"/>
        <source>{n_set_aside} queued request file(s) were not sent: unreadable or queued by another user or backend. They are kept in {folder} (.damaged, .foreign) for your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="271"/>
        <source>{count} waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="280"/>
        <source>Emergency request #{id} sent to a supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="295"/>
        <source>Save footage to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/footage/requests_panel.py" line="308"/>
        <source>Saved and verified (sha256 matches): {saved}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RespondDialog</name>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="32"/>
        <source>Respond · {cad_number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="36"/>
        <source>P{priority} {kind} · {cad_number}
{where} · cameras within {radius_m:.0f} m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="40"/>
        <source>Live: {n_live} nearest live-shared cameras to the wall, case {cad_number}, purpose “incident response”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="43"/>
        <source>Footage: one request for {n_request} cameras (nearest first, within the limits)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="46"/>
        <source>Escalation: a second request for the other {n_escalate} cameras, with its reason, for a supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="49"/>
        <source>Canvass: door-knock list of {n_canvass} addresses with registered cameras (page, PDF and CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="63"/>
        <source>Footage window start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="64"/>
        <source>Footage window end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="67"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="70"/>
        <source>Footage window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="78"/>
        <source>Send (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/incidents/respond_dialog.py" line="106"/>
        <source>The footage window ends before it starts.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomWallDesk</name>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="139"/>
        <source>The backend lists {count} room walls; the first {shown} are shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="153"/>
        <source>No room wall is set up on this backend. A supervisor sets one up for the room&apos;s display controller.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="156"/>
        <source>Loading the room wall…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="165"/>
        <source>The room wall could not be loaded: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="168"/>
        <source>The list of room walls could not be loaded: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="259"/>
        <source>Case {case_number}: the case number or purpose cannot go to the room wall (letters, digits and dashes; say why in a few words). Change it on the Wall&apos;s toolbar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="271"/>
        <source>Screen {screen} tile {tile} is locked{by}: only a supervisor changes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="284"/>
        <source>Select a camera first (on the map, in a camera list or on your wall), then send it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="317"/>
        <source>Screen {screen} has {free} free tile{plural}: {not_sent} camera(s) not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="371"/>
        <source>Your wall shows no camera: there is nothing to put on the room wall.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="385"/>
        <source>Screen {screen} has no free tile: clear one, or choose another screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="402"/>
        <source>Screen {screen} — {count} of {total} cameras ({free} free tile{plural})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_desk.py" line="412"/>
        <source>No incident with live-shared cameras is shown on the map.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomWallDisplay</name>
    <message>
        <location filename="../../ui/room_wall/display.py" line="226"/>
        <source>No room screen {number} on this wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/display.py" line="228"/>
        <source>Room wall “{name}”: waiting for the backend</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RoomWallPanel</name>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="51"/>
        <location filename="../../ui/room_wall/panel.py" line="66"/>
        <source>Room wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="61"/>
        <source>Loading the room wall…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="67"/>
        <source>Which room wall this panel shows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="69"/>
        <source>Wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="70"/>
        <source>Send camera here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="71"/>
        <source>Put the camera selected on the map, list or your wall on the chosen room tile (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="73"/>
        <source>Send the selected camera to the chosen room tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="75"/>
        <source>Clear tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="76"/>
        <source>Take the camera off the chosen room tile (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="77"/>
        <source>Clear the chosen room tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="79"/>
        <location filename="../../ui/room_wall/panel.py" line="257"/>
        <source>Lock tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="80"/>
        <source>A locked tile keeps its camera: only a supervisor changes it (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="81"/>
        <source>Lock or unlock the chosen room tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="86"/>
        <location filename="../../ui/room_wall/panel.py" line="87"/>
        <source>Layout of the chosen room screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="89"/>
        <source>Put my wall here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="90"/>
        <source>Your wall&apos;s layout and cameras onto the chosen room screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="91"/>
        <source>Put my wall on the chosen room screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="98"/>
        <source>Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="104"/>
        <source>Room wall connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="109"/>
        <source>Room wall message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="122"/>
        <source>Try again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="123"/>
        <source>Load the room wall again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel.py" line="257"/>
        <source>Unlock tile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SavedWallsMenu</name>
    <message>
        <location filename="../../ui/wall/saved_walls_menu.py" line="23"/>
        <location filename="../../ui/wall/saved_walls_menu.py" line="40"/>
        <source>Saved walls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/saved_walls_menu.py" line="25"/>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/saved_walls_menu.py" line="26"/>
        <source>Save this wall&apos;s layout, cameras and tours under a name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/saved_walls_menu.py" line="43"/>
        <source>Save wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/saved_walls_menu.py" line="43"/>
        <source>Name for this wall:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/saved_walls_menu.py" line="51"/>
        <source>Wall &apos;{name}&apos; not saved: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/saved_walls_menu.py" line="60"/>
        <source>There is no saved wall &apos;{name}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/shortcuts_dialog.py" line="63"/>
        <location filename="../../ui/shortcuts_dialog.py" line="66"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts_dialog.py" line="68"/>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts_dialog.py" line="68"/>
        <source>Does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/shortcuts_dialog.py" line="68"/>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="38"/>
        <source>RTCC Desktop — Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="47"/>
        <source>System use notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="54"/>
        <source>https://rtcc.example.gov</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="56"/>
        <location filename="../../ui/sign_in_dialog.py" line="73"/>
        <location filename="../../ui/sign_in_dialog.py" line="133"/>
        <source>CA bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="57"/>
        <source>optional: CA bundle (.pem) for an agency certificate authority</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="58"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="60"/>
        <source>Browse for a CA bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="71"/>
        <source>Backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="72"/>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="74"/>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="75"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="96"/>
        <source>The backend profiles are set by your agency ({site}); they cannot be changed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="100"/>
        <source>Sign-ins are not remembered: quitting or signing out ends the session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="105"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="134"/>
        <source>Certificates (*.pem *.crt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="153"/>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="173"/>
        <source>The backend profiles are set by your agency ({site}) and cannot be changed here; choose one of them, or ask your IT department to change it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sign_in_dialog.py" line="178"/>
        <source>Enter your username and password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../ui/status_bar.py" line="9"/>
        <source>● connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="10"/>
        <source>● live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="11"/>
        <source>● reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="12"/>
        <source>● offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="13"/>
        <source>● signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status_bar.py" line="50"/>
        <source>Live updates from the backend: {state}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TileChrome</name>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="48"/>
        <source>requesting access…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="49"/>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="50"/>
        <location filename="../../ui/wall/tile_chrome.py" line="52"/>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="53"/>
        <source>stalled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="54"/>
        <source>reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="55"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="56"/>
        <source>not allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="57"/>
        <source>no video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="58"/>
        <source>ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="103"/>
        <source>HLS: seconds behind live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="120"/>
        <source>{state} — last frame {age:.1f} s ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="171"/>
        <source>Tile {number}: empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="179"/>
        <source>Tile {number}: camera {camera_id} — {state}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_chrome.py" line="220"/>
        <source>Wall locked</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TileFeed</name>
    <message>
        <location filename="../../ui/wall/tile_feed.py" line="124"/>
        <source>Owner ended sharing</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingConsole</name>
    <message>
        <location filename="../../ui/training/console.py" line="61"/>
        <location filename="../../ui/training/console.py" line="118"/>
        <source>Drill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="63"/>
        <source>Drills that come with the training backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="64"/>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="65"/>
        <source>Load the chosen drill (resets the one loaded now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="67"/>
        <source>Open file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="68"/>
        <source>Load your own scenario file (YAML or JSON; see the README for the format)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="70"/>
        <source>Start (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="71"/>
        <location filename="../../ui/training/console.py" line="243"/>
        <source>Pause (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="72"/>
        <source>Reset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="73"/>
        <source>Stop the drill and put every camera it changed back; its alarms end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="74"/>
        <source>Debrief…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="75"/>
        <source>Figures for this drill from the audit trail; export as HTML</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="82"/>
        <source>Start the loaded drill</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="83"/>
        <source>Pause the drill, or resume it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="89"/>
        <source>No drill loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="100"/>
        <source>At</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="100"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="100"/>
        <source>Outcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="101"/>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="103"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="103"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="103"/>
        <source>Did</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="103"/>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="104"/>
        <source>Case</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="105"/>
        <source>Drill steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="106"/>
        <source>What trainees did</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="126"/>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="127"/>
        <source>What trainees do (audit trail, live)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="170"/>
        <source>Open scenario file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="171"/>
        <source>Scenarios (*.yaml *.yml *.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="178"/>
        <source>Cannot read {name}: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="243"/>
        <source>Resume (F6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="247"/>
        <source>No drill loaded — choose one and press Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="252"/>
        <source> · next step in {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="254"/>
        <source>{text} · {fired}/{n_steps} steps fired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/training/console.py" line="270"/>
        <source>Trainee feed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WallFeeds</name>
    <message>
        <location filename="../../ui/wall/wall_feeds.py" line="101"/>
        <source>The owner&apos;s sharing window ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_feeds.py" line="104"/>
        <source>{playing} live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_feeds.py" line="105"/>
        <source> · {stalled} stalled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WallPanel</name>
    <message>
        <location filename="../../ui/wall/wall_panel.py" line="99"/>
        <source>Camera {cam}: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_panel.py" line="195"/>
        <source>Tour not started: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_panel.py" line="217"/>
        <source>The wall is on its own window. Press Esc there or Ctrl+Shift+D to bring it back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WallToolbar</name>
    <message>
        <location filename="../../ui/wall/wall_toolbar.py" line="22"/>
        <source>Wall layout (Alt+1 … Alt+8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_toolbar.py" line="23"/>
        <source>Wall layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_toolbar.py" line="25"/>
        <location filename="../../ui/wall/wall_toolbar.py" line="54"/>
        <source>No case set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_toolbar.py" line="26"/>
        <source>Case number and purpose recorded with every live view (change)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_toolbar.py" line="28"/>
        <source>Detach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_toolbar.py" line="29"/>
        <source>Show the wall full screen on another screen (Ctrl+Shift+D; Esc brings it back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_toolbar.py" line="35"/>
        <source>Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_toolbar.py" line="35"/>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_toolbar.py" line="55"/>
        <source>Case {case_number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.about</name>
    <message>
        <location filename="../../ui/about.py" line="23"/>
        <source>not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="40"/>
        <source>Backend: {backend}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="41"/>
        <source>Log: {log}&lt;br&gt;Crash log: {crash_log}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="43"/>
        <source>Real-time crime center client for the voluntary community camera program. Footage is for criminal investigations only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/about.py" line="49"/>
        <source>About RTCC Desktop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.errors</name>
    <message>
        <location filename="../../ui/errors.py" line="13"/>
        <source>Unexpected problem: {kind}: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.incidents.door_knock_pdf</name>
    <message>
        <location filename="../../ui/incidents/door_knock_pdf.py" line="33"/>
        <source>Door-knock list {cad_number}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.map.category_look</name>
    <message>
        <location filename="../../ui/map/category_look.py" line="17"/>
        <source>Live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/category_look.py" line="18"/>
        <source>Alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/category_look.py" line="19"/>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/category_look.py" line="20"/>
        <source>Registry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/map/category_look.py" line="47"/>
        <source> · offline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.room_wall.panel_menu</name>
    <message>
        <location filename="../../ui/room_wall/panel_menu.py" line="49"/>
        <source>No room wall is set up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_menu.py" line="61"/>
        <source>Screen {screen}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_menu.py" line="67"/>
        <source>Locked by a supervisor: only a supervisor changes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_menu.py" line="76"/>
        <source>Send the selected camera here (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_menu.py" line="80"/>
        <source>Clear this tile (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_menu.py" line="84"/>
        <source>Screen layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_menu.py" line="90"/>
        <source>Put my wall on this screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/room_wall/panel_menu.py" line="92"/>
        <source>Put the incident&apos;s nearest live cameras on this screen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.training.install</name>
    <message>
        <location filename="../../ui/training/install.py" line="28"/>
        <source>Show Training</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.wall.install</name>
    <message>
        <location filename="../../ui/wall/install.py" line="30"/>
        <source>Emergency live view of camera {camera_id} granted for case {case_number} — Requests → Escalations → Show on wall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/install.py" line="33"/>
        <source>Emergency live view granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/install.py" line="34"/>
        <source>Camera {camera_id}, case {case_number}: open it from Escalations.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.wall.tile_menu</name>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="17"/>
        <source>Unfocus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="18"/>
        <source>Focus (double-click)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="23"/>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="25"/>
        <source>Select on map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="27"/>
        <source>Clear tile (Delete)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="33"/>
        <source>Stop tour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="36"/>
        <source>Tour on this tile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="39"/>
        <source>Stop using as the alarm tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tile_menu.py" line="42"/>
        <source>Use as the alarm tile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.wall.tours_ui</name>
    <message>
        <location filename="../../ui/wall/tours_ui.py" line="16"/>
        <source>camera ids are whole numbers separated by commas, not &apos;{text}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tours_ui.py" line="24"/>
        <location filename="../../ui/wall/tours_ui.py" line="29"/>
        <source>Tour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tours_ui.py" line="25"/>
        <source>Camera ids, comma-separated:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/tours_ui.py" line="30"/>
        <source>Seconds per camera:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ui.wall.wall_keys</name>
    <message>
        <location filename="../../ui/wall/wall_keys.py" line="19"/>
        <source>Layout {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_keys.py" line="24"/>
        <source>Detach the wall to a screen of its own (Esc brings it back)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_keys.py" line="27"/>
        <source>Clear the selected tile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/wall/wall_keys.py" line="29"/>
        <source>Focus the selected tile on the whole wall, and back</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
