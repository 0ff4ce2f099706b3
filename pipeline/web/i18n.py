"""The web app's message catalogue: Swedish first, English selectable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

LANGUAGES = ("sv", "en")

SV: dict[str, str] = {
    "app.name": "Lyhörd", "app.tagline": "Analys av invånardialog",
    "nav.main": "Huvudmeny", "nav.skip": "Hoppa till innehållet", "nav.dialogues": "Dialoger",
    "nav.runs": "Körningar", "nav.users": "Användare", "nav.logout": "Logga ut",
    "nav.signed_in_as": "Inloggad som", "nav.language": "Språk", "nav.other_lang": "In English",
    "nav.breadcrumb": "Du är här",
    "role.reader": "läsare", "role.official": "tjänsteperson", "role.analyst": "analytiker",
    "role.admin": "administratör",
    "login.title": "Logga in", "login.username": "Användarnamn", "login.password": "Lösenord",
    "login.submit": "Logga in", "login.failed": "Fel användarnamn eller lösenord.",
    "login.throttled": "För många misslyckade försök. Vänta 15 minuter och försök igen.",
    "login.intro": "Logga in med ditt konto för att läsa och granska teman.",
    "logout.done": "Du är utloggad.",
    "dialogues.title": "Dialoger", "dialogues.empty": "Det finns inga dialoger ännu.",
    "dialogues.caption": "Dialoger med antal synpunkter per steg",
    "col.dialogue": "Dialog", "col.received": "Inkomna", "col.anonymized": "Anonymiserade",
    "col.themed": "Tematiserade", "col.themes": "Teman", "col.approved": "Godkända teman",
    "col.draft": "Utkast", "col.rejected": "Avvisade teman", "col.last_nightly": "Senaste nattkörning",
    "col.channels": "Per kanal (inkomna / anonymiserade)", "col.status": "Status",
    "col.label": "Tema", "col.size": "Antal", "col.share": "Andel", "col.channel": "Kanal",
    "col.district": "Stadsdel", "col.month": "Månad", "col.count": "Antal synpunkter",
    "col.population": "Befolkning", "col.per1000": "Per 1 000 invånare", "col.group": "Grupp",
    "col.age_group": "Åldersgrupp", "col.date": "Datum", "col.text": "Synpunkt", "col.id": "Id",
    "col.select": "Välj", "col.response": "Svar",
    "never": "aldrig", "none": "–",
    "overview.title": "Översikt", "overview.question": "Fråga", "overview.period": "Period",
    "overview.purpose": "Syfte", "overview.charts": "Diagram", "overview.themes": "Teman",
    "overview.no_themes": "Inga teman att visa ännu.",
    "chart.size": "Teman efter storlek", "chart.size.desc": "Antal synpunkter per tema, störst först.",
    "chart.time": "Synpunkter över tid", "chart.time.desc": "Antal synpunkter per månad för de största temana.",
    "chart.district": "Teman per stadsdel", "chart.district.desc": "Antal synpunkter per tema och stadsdel.",
    "chart.channel": "Teman per kanal", "chart.channel.desc": "Antal synpunkter per tema och kanal.",
    "chart.table": "Visa data som tabell", "chart.empty": "Ingen data att visa.",
    "participation.title": "Deltagande jämfört med befolkningen",
    "participation.none": "Ingen befolkningsstatistik är inläst för den här dialogen.",
    "participation.intro": "Andel av synpunkterna jämfört med andel av befolkningen i varje grupp.",
    "participation.share": "Andel av synpunkterna", "participation.pop_share": "Andel av befolkningen",
    "participation.flag": "Underrepresenterad", "participation.under": "Ja, underrepresenterad",
    "progress.title": "Granskning", "progress.caption": "Teman per granskningsstatus",
    "status.draft": "Utkast", "status.approved": "Godkänd", "status.edited": "Godkänd med ändringar",
    "status.rejected": "Avvisad", "status.rereview": "Behöver granskas igen",
    "theme.summary": "Sammanfattning", "theme.keywords": "Nyckelord", "theme.quotes": "Citat",
    "theme.citation": "Källa", "theme.cited": "Citerade synpunkter",
    "theme.no_summary": "Temat har ingen sammanfattning ännu.",
    "theme.not_verified": "Sammanfattningen klarade inte citatkontrollen och kan inte godkännas.",
    "theme.generated": "Genererad text", "theme.edited": "Redigerad text", "theme.diff": "Ändringar",
    "theme.diff.legend": "Borttagen text är genomstruken, tillagd text är understruken.",
    "theme.response": "Så beaktas synpunkterna", "theme.no_response": "Inget svar är skrivet ännu.",
    "theme.rejected_reason": "Skäl för avvisning", "theme.merged": "Temat har slagits samman med ett annat tema.",
    "theme.count": "synpunkter", "theme.history": "Historik",
    "theme.submissions": "Synpunkter i temat", "theme.search": "Sök i texten",
    "theme.from": "Från datum", "theme.to": "Till datum", "theme.all": "Alla",
    "theme.filter": "Filtrera", "theme.reset": "Rensa filter", "theme.showing": "Visar",
    "theme.of": "av", "theme.prev": "Föregående sida", "theme.next": "Nästa sida",
    "theme.page": "Sida", "theme.no_submissions": "Inga synpunkter matchar filtret.",
    "theme.actions": "Granskning", "theme.restructure": "Ändra tema",
    "action.approve": "Godkänn", "action.edit": "Spara redigerad text",
    "action.edit.label": "Redigera sammanfattningen",
    "action.edit.help": "Citat inom citattecken måste finnas ordagrant i temats synpunkter.",
    "action.reject": "Avvisa", "action.reason": "Skäl", "action.respond": "Spara svar",
    "action.respond.label": "Svar: hur synpunkterna beaktas",
    "action.rename": "Byt namn", "action.rename.label": "Nytt namn",
    "action.merge": "Slå samman", "action.merge.label": "Teman som ska slås in i detta",
    "action.split": "Dela ut valda synpunkter",
    "action.split.label": "Namn på det nya temat",
    "action.split.help": "Markera synpunkter i listan nedan och ge det nya temat ett namn.",
    "flash.approve": "Temat är godkänt.", "flash.edit": "Den redigerade texten är sparad och godkänd.",
    "flash.reject": "Temat är avvisat.", "flash.respond": "Svaret är sparat.",
    "flash.rename": "Temat har fått nytt namn.", "flash.merge": "Temana är sammanslagna.",
    "flash.split": "Ett nytt tema har skapats.", "flash.failed": "Åtgärden kunde inte utföras",
    "flash.user_add": "Användaren är skapad.", "flash.user_remove": "Användaren är borttagen.",
    "flash.user_passwd": "Lösenordet är bytt.", "flash.flow_started": "Körningen har startat.",
    "flash.flow_unavailable": "Körningar kan inte startas från webben i den här installationen.",
    "audit.title": "Granskningslogg", "audit.ok": "Loggkedjan är obruten ({n} händelser).",
    "audit.broken": "Loggkedjan är bruten: {n} problem. Kontakta systemförvaltaren.",
    "audit.caption": "Händelser i dialogen, nyast först",
    "col.seq": "Nr", "col.time": "Tid", "col.actor": "Vem", "col.action": "Händelse",
    "col.theme": "Tema", "col.change": "Ändring", "audit.empty": "Inga händelser ännu.",
    "exports.title": "Exporter", "exports.intro": "Beslutsunderlaget innehåller bara godkända teman.",
    "exports.report": "Redovisning av invånardialog", "exports.feedback": "Återkoppling till invånarna",
    "exports.feedback.desc": "Det här sa ni – det här gör vi (HTML-sida att publicera)",
    "exports.unavailable": "Rapportmodulen är inte installerad.",
    "runs.title": "Körningar", "runs.trigger": "Starta en körning", "runs.flow": "Flöde",
    "runs.dialogue": "Dialog", "runs.start": "Starta", "runs.recent": "Senaste körningar",
    "runs.none": "Inga körningar ännu.", "runs.unavailable": "Körningar kan inte startas härifrån.",
    "runs.all_dialogues": "Alla dialoger", "runs.filter_dialogue": "Visa körningar för", "flow.ingest": "Inläsning (inkorg)", "flow.nightly": "Nattflöde",
    "col.flow": "Flöde", "col.started": "Startad", "col.finished": "Klar", "col.counts": "Antal",
    "col.error": "Fel",
    "users.title": "Användare", "users.add": "Lägg till användare", "users.name": "Användarnamn",
    "users.role": "Roll", "users.password": "Lösenord (minst 10 tecken)", "users.remove": "Ta bort",
    "users.passwd": "Byt lösenord", "users.new_password": "Nytt lösenord för",
    "users.caption": "Användare och roller", "col.user": "Användare", "col.role": "Roll",
    "col.created": "Skapad", "col.actions": "Åtgärder", "users.create": "Skapa",
    "error.title": "Något gick fel", "error.back": "Till startsidan",
    "error.400": "Begäran kunde inte tolkas.", "error.401": "Du måste logga in.",
    "error.403": "Du har inte behörighet till den här sidan eller åtgärden.",
    "error.csrf": "Formuläret saknar giltig säkerhetskod. Ladda om sidan och försök igen.",
    "error.404": "Sidan finns inte.", "error.429": "För många försök. Vänta en stund.",
    "error.503": "Tjänsten är inte tillgänglig just nu.", "error.other": "Ett oväntat fel inträffade.",
}

EN: dict[str, str] = {
    "app.tagline": "Citizen dialogue analysis", "nav.main": "Main menu", "nav.skip": "Skip to content",
    "nav.dialogues": "Dialogues", "nav.runs": "Runs", "nav.users": "Users", "nav.logout": "Sign out",
    "nav.signed_in_as": "Signed in as", "nav.language": "Language", "nav.other_lang": "På svenska",
    "nav.breadcrumb": "You are here",
    "role.reader": "reader", "role.official": "official", "role.analyst": "analyst", "role.admin": "admin",
    "login.title": "Sign in", "login.username": "User name", "login.password": "Password",
    "login.submit": "Sign in", "login.failed": "Wrong user name or password.",
    "login.throttled": "Too many failed attempts. Wait 15 minutes and try again.",
    "login.intro": "Sign in with your account to read and review themes.", "logout.done": "You are signed out.",
    "dialogues.title": "Dialogues", "dialogues.empty": "There are no dialogues yet.",
    "dialogues.caption": "Dialogues with submission counts per stage",
    "col.dialogue": "Dialogue", "col.received": "Received", "col.anonymized": "Anonymized",
    "col.themed": "Themed", "col.themes": "Themes", "col.approved": "Approved themes", "col.draft": "Drafts",
    "col.rejected": "Rejected themes", "col.last_nightly": "Last nightly run",
    "col.channels": "Per channel (received / anonymized)", "col.status": "Status", "col.label": "Theme",
    "col.size": "Count", "col.share": "Share", "col.channel": "Channel", "col.district": "District",
    "col.month": "Month", "col.count": "Submissions", "col.population": "Population",
    "col.per1000": "Per 1,000 inhabitants", "col.group": "Group", "col.age_group": "Age group",
    "col.date": "Date", "col.text": "Submission", "col.id": "Id", "col.select": "Select",
    "col.response": "Response", "never": "never",
    "overview.title": "Overview", "overview.question": "Question", "overview.period": "Period",
    "overview.purpose": "Purpose", "overview.charts": "Charts", "overview.themes": "Themes",
    "overview.no_themes": "No themes to show yet.",
    "chart.size": "Themes by size", "chart.size.desc": "Submissions per theme, largest first.",
    "chart.time": "Submissions over time", "chart.time.desc": "Submissions per month for the largest themes.",
    "chart.district": "Themes by district", "chart.district.desc": "Submissions per theme and district.",
    "chart.channel": "Themes by channel", "chart.channel.desc": "Submissions per theme and channel.",
    "chart.table": "Show data as a table", "chart.empty": "No data to show.",
    "participation.title": "Participation against population",
    "participation.none": "No population figures are loaded for this dialogue.",
    "participation.intro": "Share of submissions against share of population in each group.",
    "participation.share": "Share of submissions", "participation.pop_share": "Share of population",
    "participation.flag": "Under-represented", "participation.under": "Yes, under-represented",
    "progress.title": "Review", "progress.caption": "Themes per review status",
    "status.draft": "Draft", "status.approved": "Approved", "status.edited": "Approved with edits",
    "status.rejected": "Rejected", "status.rereview": "Needs review again",
    "theme.summary": "Summary", "theme.keywords": "Keywords", "theme.quotes": "Quotes",
    "theme.citation": "Source", "theme.cited": "Cited submissions",
    "theme.no_summary": "This theme has no summary yet.",
    "theme.not_verified": "The summary failed citation verification and cannot be approved.",
    "theme.generated": "Generated text", "theme.edited": "Edited text", "theme.diff": "Changes",
    "theme.diff.legend": "Removed text is struck through, added text is underlined.",
    "theme.response": "How the input is considered", "theme.no_response": "No response written yet.",
    "theme.rejected_reason": "Reason for rejection", "theme.merged": "This theme was merged into another.",
    "theme.count": "submissions", "theme.history": "History",
    "theme.submissions": "Submissions in this theme", "theme.search": "Search the text",
    "theme.from": "From date", "theme.to": "To date", "theme.all": "All", "theme.filter": "Filter",
    "theme.reset": "Clear filters", "theme.showing": "Showing", "theme.of": "of",
    "theme.prev": "Previous page", "theme.next": "Next page", "theme.page": "Page",
    "theme.no_submissions": "No submissions match the filter.", "theme.actions": "Review",
    "theme.restructure": "Change theme",
    "action.approve": "Approve", "action.edit": "Save edited text", "action.edit.label": "Edit the summary",
    "action.edit.help": "Quotes in quotation marks must occur verbatim in the theme's submissions.",
    "action.reject": "Reject", "action.reason": "Reason", "action.respond": "Save response",
    "action.respond.label": "Response: how the input is considered", "action.rename": "Rename",
    "action.rename.label": "New name", "action.merge": "Merge",
    "action.merge.label": "Themes to merge into this one", "action.split": "Split off selected submissions",
    "action.split.label": "Name of the new theme",
    "action.split.help": "Tick submissions in the list below and name the new theme.",
    "flash.approve": "The theme is approved.", "flash.edit": "The edited text is saved and approved.",
    "flash.reject": "The theme is rejected.", "flash.respond": "The response is saved.",
    "flash.rename": "The theme is renamed.", "flash.merge": "The themes are merged.",
    "flash.split": "A new theme was created.", "flash.failed": "The action could not be done",
    "flash.user_add": "The user is created.", "flash.user_remove": "The user is removed.",
    "flash.user_passwd": "The password is changed.", "flash.flow_started": "The run has started.",
    "flash.flow_unavailable": "Runs cannot be started from the web in this installation.",
    "audit.title": "Audit log", "audit.ok": "The log chain is intact ({n} events).",
    "audit.broken": "The log chain is broken: {n} problems. Contact the system owner.",
    "audit.caption": "Events in this dialogue, newest first", "col.seq": "No.", "col.time": "Time",
    "col.actor": "Who", "col.action": "Event", "col.theme": "Theme", "col.change": "Change",
    "audit.empty": "No events yet.",
    "exports.title": "Exports", "exports.intro": "The decision basis contains approved themes only.",
    "exports.report": "Citizen dialogue report", "exports.feedback": "Feedback to residents",
    "exports.feedback.desc": "What you said – what we do (HTML page to publish)",
    "exports.unavailable": "The report module is not installed.",
    "runs.title": "Runs", "runs.trigger": "Start a run", "runs.flow": "Flow", "runs.dialogue": "Dialogue",
    "runs.start": "Start", "runs.recent": "Recent runs", "runs.none": "No runs yet.",
    "runs.unavailable": "Runs cannot be started from here.", "runs.all_dialogues": "All dialogues", "runs.filter_dialogue": "Show runs for",
    "flow.ingest": "Ingest (inbox)", "flow.nightly": "Nightly flow", "col.flow": "Flow",
    "col.started": "Started", "col.finished": "Finished", "col.counts": "Counts", "col.error": "Error",
    "users.title": "Users", "users.add": "Add a user", "users.name": "User name", "users.role": "Role",
    "users.password": "Password (at least 10 characters)", "users.remove": "Remove",
    "users.passwd": "Change password", "users.new_password": "New password for",
    "users.caption": "Users and roles", "col.user": "User", "col.role": "Role", "col.created": "Created",
    "col.actions": "Actions", "users.create": "Create",
    "error.title": "Something went wrong", "error.back": "To the start page",
    "error.400": "The request could not be understood.", "error.401": "You need to sign in.",
    "error.403": "You are not allowed to see this page or do this action.",
    "error.csrf": "The form has no valid security code. Reload the page and try again.",
    "error.404": "The page does not exist.", "error.429": "Too many attempts. Wait a while.",
    "error.503": "The service is not available right now.", "error.other": "An unexpected error occurred.",
}

CATALOGUE = {"sv": SV, "en": {**SV, **EN}}


def translator(lang: str) -> Callable[..., str]:
    """Return ``t(key, **values)`` for ``lang``; unknown keys show the key itself."""
    messages = CATALOGUE.get(lang, SV)

    def t(key: str, **values: Any) -> str:
        text = messages.get(key, key)
        return text.format(**values) if values else text

    return t


def format_datetime(value: Any) -> str:
    """Format a timestamp as ``YYYY-MM-DD HH:MM`` (ISO, used by Swedish authorities)."""
    if value is None:
        return "–"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def format_number(value: Any) -> str:
    """Format an integer with a non-breaking space between thousands."""
    if value is None:
        return "–"
    return f"{int(value):,}".replace(",", "\u00a0")


def format_percent(value: Any) -> str:
    """Format a share 0..1 as a whole percent."""
    if value is None:
        return "–"
    return f"{float(value) * 100:.0f}\u00a0%"
