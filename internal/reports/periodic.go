package reports

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/web"
)

// The head's weekly and monthly reports to the executive director (9.1).
// A report is of one whole week (Monday to Sunday) or month. PR Desk fills
// in every area's figures (the dashboard's panels, against the period
// before and the same period a year before) and the notable items: the
// submissions answered late, the negative coverage, and the delegations
// and press events of the period that follows. The head adds the
// highlights, the problems and the plans and submits it; from then on its
// figures and items are kept as submitted (store_periodic.go), the
// director gets it by mail, comments or asks on any section and marks it
// read, and the head answers in the same section. The schedule prepares
// each period's draft and tells the heads (periodic_schedule.go).

// ReportKind is how long a report's period is.
type ReportKind string

const (
	Weekly  ReportKind = "weekly"
	Monthly ReportKind = "monthly"
)

// ReportKinds in the order pages offer them.
var ReportKinds = []ReportKind{Weekly, Monthly}

// periodKind is the dashboard's period of a report's kind.
func (k ReportKind) periodKind() PeriodKind {
	if k == Monthly {
		return Month
	}
	return Week
}

// Last is the last whole week or month before the day today: the one a
// report made today is about.
func (k ReportKind) Last(today time.Time) Period {
	return PeriodOf(k.periodKind(), PeriodOf(k.periodKind(), today).First.AddDate(0, 0, -1))
}

// ReportStatus is where a report stands.
type ReportStatus string

const (
	Draft     ReportStatus = "draft"
	Submitted ReportStatus = "submitted"
)

// MaxReportText is the longest each of the head's three texts may be.
const MaxReportText = 8000

// MaxCommentText is the longest comment.
const MaxCommentText = 4000

// DeptReport is one weekly or monthly report.
type DeptReport struct {
	ID     int64
	Kind   ReportKind
	Period Period
	Status ReportStatus
	// The head's words: what went well, what went wrong, what comes next.
	Highlights, Problems, Plans string
	SubmittedAt                 *time.Time
	SubmittedBy                 string
	SubmittedByID               int64
	Recipients                  int // how many the submission was mailed to
	ReadAt                      *time.Time
	ReadBy                      string
	Comments                    int
	Version                     int
	CreatedAt                   time.Time
}

// Comment is a remark or question on one section of a report, or an
// answer to one.
type Comment struct {
	ID       int64
	Section  string
	Body     string
	Author   string
	AuthorID int64
	At       time.Time
}

// textSections are the head's three texts, in the order the report
// shows them.
var textSections = []string{"highlights", "problems", "plans"}

// notableSection is the notable items' section.
const notableSection = "notable"

// figuresSection is the section of an area's figures.
func figuresSection(area string) string { return "figures:" + area }

// reportContent is what PR Desk fills a report with: the areas' figures
// and the notable items. A submitted report keeps it as it was.
type reportContent struct {
	Panels  []panelData
	Notable []notableGroup
}

// notableGroup is one kind of notable item: the late submissions, the
// negative coverage, the coming delegations or press events.
type notableGroup struct {
	Key   string
	Perm  auth.Permission // who may open the items' cards
	Items []notableItem
	More  bool // there were more than MaxNotable
	// Next tells that the items are of the period after the report's.
	Next bool
}

// notableItem is one line of a notable group: no person's name.
type notableItem struct {
	Title   string
	Place   string // an outlet, a city, a room
	Country string // a delegation's country code
	When    time.Time
	// Until is an answer's date, an end; zero when there is none.
	Until   time.Time
	AllDay  bool // When and Until are dates
	Link    string
	Pending bool // a late submission not answered yet
}

// MaxNotable is how many items of one kind a report lists.
const MaxNotable = 25

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func reportURL(id int64) string { return "/reports/periodic/" + itoa(id) }

func (h *Handler) periodicRoutes(m *auth.Mux) {
	m.Get("/reports/periodic", auth.AreaReports, h.periodicList)
	m.Post("/reports/periodic", auth.ReportsWrite, h.prepareReport)
	m.Get("/reports/periodic/{id}", auth.AreaReports, h.periodicPage)
	m.Post("/reports/periodic/{id}", auth.ReportsWrite, h.saveReportTexts)
	m.Post("/reports/periodic/{id}/submit", auth.ReportsWrite, h.submitReport)
	m.Post("/reports/periodic/{id}/comments", auth.AreaReports, h.addComment)
	m.Post("/reports/periodic/{id}/read", auth.ReportsReview, h.markRead)
	m.Get("/reports/periodic/{id}.pdf", auth.AreaReports, h.reportPDF)
	m.Get("/reports/periodic/{id}.xlsx", auth.AreaReports, h.reportXLSX)
}

// values are each area's figures by its key, in the order of its panel's
// rows, and which of them the report has.
func (v reportView) values() map[string]figureValues {
	out := map[string]figureValues{}
	for _, s := range panelSources {
		for _, d := range v.Data {
			if d.Area == s.Area {
				vals, has := d.inOrder(s)
				out[d.Area] = figureValues{vals, has}
			}
		}
	}
	return out
}

// figureValues are an area's figures in the three periods.
type figureValues struct {
	Values [3][]float64
	Has    []bool
}

// countryName is a delegation's country in the language of ctx.
func countryName(ctx context.Context, code string) string { return delegations.CountryName(ctx, code) }

// periodicListView is the archive and the form that prepares a report.
type periodicListView struct {
	Reports             []DeptReport
	LastWeek, LastMonth Period
	Kind                string
	Errors              form.Errors
	// First and Next are the pager's links: to the newest reports, and to
	// the older ones after this page ("" where there is none).
	First, Next string
}

// ReportArchivePage is how many reports a page of the archive lists: a
// year of weeks.
const ReportArchivePage = 52

// archiveCursor is where a page of the archive starts: after the report
// ending on End (its last day), of Kind, numbered ID.
type archiveCursor struct {
	End  time.Time
	Kind ReportKind
	ID   int64
}

// encode is the cursor in a link: "2043-03-15.weekly.17".
func (c archiveCursor) encode() string {
	return c.End.Format(time.DateOnly) + "." + string(c.Kind) + "." + itoa(c.ID)
}

// parseArchiveCursor reads a link's cursor; false when it is not one.
func parseArchiveCursor(s string) (*archiveCursor, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return nil, false
	}
	end, err := time.Parse(time.DateOnly, parts[0])
	id, err2 := strconv.ParseInt(parts[2], 10, 64)
	kind := ReportKind(parts[1])
	if err != nil || err2 != nil || id <= 0 || !slices.Contains(ReportKinds, kind) {
		return nil, false
	}
	return &archiveCursor{End: end, Kind: kind, ID: id}, true
}

func (h *Handler) renderPeriodicList(w http.ResponseWriter, r *http.Request, status int, v periodicListView) {
	var after *archiveCursor
	if s := form.URLValues(r).Get("after"); s != "" && status == http.StatusOK {
		var ok bool
		if after, ok = parseArchiveCursor(s); !ok {
			web.Error(w, r, errs.Invalid)
			return
		}
		v.First = "/reports/periodic"
	}
	rows, err := h.store().Reports(r.Context(), auth.UserFrom(r.Context()).Can(auth.ReportsWrite), after, ReportArchivePage+1)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if len(rows) > ReportArchivePage {
		rows = rows[:ReportArchivePage]
		last := rows[len(rows)-1]
		v.Next = "/reports/periodic?after=" + url.QueryEscape(archiveCursor{End: last.Period.Last(), Kind: last.Kind, ID: last.ID}.encode())
	}
	v.Reports = rows
	today := calendar.DateOf(h.deps.Now())
	v.LastWeek, v.LastMonth = Weekly.Last(today), Monthly.Last(today)
	web.Render(w, r, status, periodicListPage(v))
}

func (h *Handler) periodicList(w http.ResponseWriter, r *http.Request) {
	h.renderPeriodicList(w, r, http.StatusOK, periodicListView{})
}

// prepareReport makes the draft of last week's or last month's report, or
// goes to the one made before.
func (h *Handler) prepareReport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("reports.periodic")
	kind := form.Enum(f, "kind", true, ReportKinds)
	if !f.Errors.Any() {
		id, made, err := h.store().CreateReport(ctx, nil, kind, kind.Last(calendar.DateOf(h.deps.Now())))
		if err != nil {
			web.Error(w, r, err)
			return
		}
		msg := "reports.periodic.made"
		if !made {
			msg = "reports.periodic.already"
		}
		web.RedirectWithFlash(w, r, h.deps.Sessions, reportURL(id), i18n.T(ctx, msg))
		return
	}
	h.renderPeriodicList(w, r, http.StatusUnprocessableEntity, periodicListView{Kind: f.Raw("kind"), Errors: f.Errors})
}

// reportView is a report's page, its PDF and its spreadsheet.
type reportView struct {
	R       DeptReport
	Periods [3]Period
	Panels  []panelView
	Notable []notableGroup
	// Data are the figures the panels draw, for the spreadsheet.
	Data []panelData
	// Texts are the head's texts as typed (the form's when it came back),
	// Version the version the form was drawn from.
	Texts   map[string]string
	Version int
	Errors  form.Errors
	// Comments by section; CommentErrors and CommentSection the comment
	// form's refusal and where it was.
	Comments       map[string][]Comment
	CommentSection string
	CommentText    string
	CommentErrors  form.Errors
	// CommentKey is the refused comment form's idempotency key, which it
	// keeps; every other comment form gets a fresh one.
	CommentKey string
}

// reportData reads a report with its content: as kept when submitted,
// otherwise read from the areas now.
func (h *Handler) reportData(ctx context.Context, id int64) (reportView, error) {
	var v reportView
	var err error
	st := h.store()
	if v.R, err = st.Report(ctx, id); err != nil {
		return v, err
	}
	// A draft is the head's until it is submitted: to anyone else it is
	// not there, as in the archive.
	if v.R.Status == Draft && !auth.UserFrom(ctx).Can(auth.ReportsWrite) {
		return v, fmt.Errorf("department report %d is a draft: %w", id, errs.NotFound)
	}
	var c reportContent
	if v.R.Status == Submitted {
		c, err = st.KeptContent(ctx, id)
	} else {
		c, err = h.liveContent(ctx, v.R, false)
	}
	if err != nil {
		return v, err
	}
	cs, err := st.Comments(ctx, id)
	return viewOf(ctx, v.R, c, cs), err
}

// viewOf is report d's view with its content c and comments cs.
func viewOf(ctx context.Context, d DeptReport, c reportContent, cs []Comment) reportView {
	v := reportView{R: d}
	v.Periods = [3]Period{d.Period, d.Period.Previous(), d.Period.YearBefore()}
	v.Panels, v.Notable, v.Data = panelViews(ctx, v.Periods, c.Panels), c.Notable, c.Panels
	v.Texts = map[string]string{"highlights": d.Highlights, "problems": d.Problems, "plans": d.Plans}
	v.Version = d.Version
	v.Comments = map[string][]Comment{}
	for _, c := range cs {
		v.Comments[c.Section] = append(v.Comments[c.Section], c)
	}
	return v
}

func (h *Handler) periodicPage(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v, err := h.reportData(r.Context(), id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, reportPage(v))
}

// readTexts reads the head's three texts from the form.
func readTexts(f *form.Values) map[string]string {
	out := map[string]string{}
	for _, s := range textSections {
		out[s] = f.Text(s, false, MaxReportText)
	}
	return out
}

// saveReportTexts saves the head's texts of a draft; a stale form is
// refused and comes back with what was typed.
func (h *Handler) saveReportTexts(w http.ResponseWriter, r *http.Request) {
	h.writeTexts(w, r, false)
}

// submitReport saves the texts and submits the report: its figures and
// items are kept, and the director is told by mail.
func (h *Handler) submitReport(w http.ResponseWriter, r *http.Request) {
	h.writeTexts(w, r, true)
}

func (h *Handler) writeTexts(w http.ResponseWriter, r *http.Request, submit bool) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	rep, err := h.store().Report(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if rep.Status == Submitted {
		// Pressed again, or from a page left open: the texts are closed,
		// and the page shows them as submitted rather than as typed.
		web.RedirectWithFlash(w, r, h.deps.Sessions, reportURL(id), i18n.T(ctx, "reports.periodic.already_submitted"))
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("reports.periodic")
	texts := readTexts(f)
	if submit && texts["highlights"] == "" && f.Errors.Get("highlights") == "" {
		f.Add("highlights", "reports.periodic.highlights_required")
	}
	saved := "reports.periodic.saved"
	if submit {
		saved = "reports.periodic.submitted_now"
	}
	status, done := web.SaveEdit(w, r, h.deps.Sessions, f, reportURL(id), saved, func() error {
		if !submit {
			return h.store().SaveTexts(ctx, id, f.Version(), texts)
		}
		content, err := h.liveContent(ctx, rep, true)
		if err != nil {
			return err
		}
		_, err = h.store().Submit(ctx, h.deps.Jobs, id, f.Version(), texts, content, func(d DeptReport) (mail.Attachment, error) {
			return submittedPDF(ctx, d, content)
		})
		return err
	})
	if done {
		return
	}
	v, err := h.reportData(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Texts, v.Errors = texts, f.Errors
	if status != http.StatusConflict {
		v.Version = f.Version()
	}
	web.Render(w, r, status, reportPage(v))
}

// addComment adds the signed-in user's comment to a section of a
// submitted report.
func (h *Handler) addComment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err == nil {
		_, err = h.store().Report(ctx, id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("reports.periodic.comment")
	section := f.Raw("section")
	body := f.Text("body", true, MaxCommentText)
	once := web.Once{Key: f.Raw("key"), ByKey: h.store().CommentByKey, URL: reportURL,
		Already: "reports.periodic.comment.already"}
	if web.MadeBefore(w, r, h.deps.Sessions, once) {
		return
	}
	if !f.Errors.Any() {
		err := h.store().AddComment(ctx, h.deps.Jobs, id, section, body, once.Key)
		if errors.Is(err, errs.KeyUsed) {
			// The same form twice at once: the other post added it.
			web.RedirectWithFlash(w, r, h.deps.Sessions, reportURL(id), i18n.T(ctx, once.Already))
			return
		}
		if err == nil {
			web.RedirectWithFlash(w, r, h.deps.Sessions, reportURL(id)+"#section-"+sectionAnchor(section),
				i18n.T(ctx, "reports.periodic.comment.added"))
			return
		}
		if _, ok := f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	v, err := h.reportData(ctx, id)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.CommentSection, v.CommentText, v.CommentErrors, v.CommentKey = section, f.Raw("body"), f.Errors, once.Key
	// The summary at the top leads to the comment's field far down the page.
	for _, e := range f.Errors.List() {
		v.Errors.Add("comment-"+sectionAnchor(section), e.Message)
	}
	web.Render(w, r, http.StatusUnprocessableEntity, reportPage(v))
}

// sectionAnchor is a section's id on the page: "figures-petitions".
func sectionAnchor(section string) string {
	b := []byte(section)
	for i, c := range b {
		if c == ':' {
			b[i] = '-'
		}
	}
	return string(b)
}

// markRead records that the director read the report.
func (h *Handler) markRead(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err == nil {
		err = h.store().MarkRead(ctx, id)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.deps.Sessions, reportURL(id), i18n.T(ctx, "reports.periodic.marked_read"))
}

// ReportTitle names a report: "Nedēļas pārskats: 23.11.2026.–29.11.2026."
// or "Mēneša pārskats: 2026. gada novembris".
func ReportTitle(ctx context.Context, kind ReportKind, p Period) string {
	if kind == Monthly {
		return i18n.T(ctx, "reports.periodic.title_monthly", i18n.Month(ctx, rigaMidnight(p.First)))
	}
	return i18n.T(ctx, "reports.periodic.title_weekly", p.Dates())
}

// reportFileName names a report's downloads: "parskats-nedela-2026-11-23".
func reportFileName(rep DeptReport) string {
	kind := "nedela"
	if rep.Kind == Monthly {
		kind = "menesis"
	}
	return "parskats-" + kind + "-" + isoDate(rep.Period.First)
}

// sectionName is a section's name for mail and the audit log's reader.
func sectionName(ctx context.Context, section string) string {
	switch {
	case section == notableSection:
		return i18n.T(ctx, "reports.periodic.notable")
	case len(section) > len("figures:") && section[:len("figures:")] == "figures:":
		return i18n.T(ctx, "area."+section[len("figures:"):])
	}
	return i18n.T(ctx, "reports.periodic."+section)
}

// validSection tells whether section is one a comment may be on.
func validSection(section string) bool {
	if section == notableSection {
		return true
	}
	for _, s := range textSections {
		if s == section {
			return true
		}
	}
	for _, s := range panelSources {
		if section == figuresSection(s.Area) {
			return true
		}
	}
	return false
}
