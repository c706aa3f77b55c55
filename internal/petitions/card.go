package petitions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// cardExtras are what the card shows beside the petition's own columns.
type cardExtras struct {
	DueExplanation []byte  `db:"due_explanation"`
	CaseIndex      string  `db:"case_index"`
	CaseTitle      string  `db:"case_title"`
	AddresseeName  string  `db:"addressee_name"`
	ResolutionName string  `db:"resolution_name"`
	CreatedByName  string  `db:"created_by_name"`
	JoinedToNumber *string `db:"joined_to_number"`
	// PersonalDataRemovedAt is when the retention job removed the person's details.
	PersonalDataRemovedAt *time.Time `db:"personal_data_removed_at"`
}

func cardExtrasOf(ctx context.Context, q db.Querier, id int64) (cardExtras, error) {
	rows, _ := q.Query(ctx, `
		select p.due_explanation, c.case_index, c.title as case_title,
		       coalesce(a.full_name, '') as addressee_name,
		       coalesce(rb.full_name, '') as resolution_name,
		       coalesce(cb.full_name, '') as created_by_name,
		       j.reg_number as joined_to_number, p.personal_data_removed_at
		from petitions p
		join doc_cases c on c.id = p.case_id
		left join users a on a.id = p.addressee_id
		left join users rb on rb.id = p.resolution_by
		left join users cb on cb.id = p.created_by
		left join petitions j on j.id = p.joined_to_id
		where p.id = $1`, id)
	return pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[cardExtras])
}

// cardAnswer is the registered outgoing answer.
type cardAnswer struct {
	RegNumber  string     `db:"reg_number"`
	AnsweredOn time.Time  `db:"answered_on"`
	Channel    string     `db:"channel"`
	Body       string     `db:"body"`
	CreatedBy  string     `db:"created_by_name"`
	Files      []cardFile `db:"-"`
}

func cardAnswerOf(ctx context.Context, q db.Querier, petitionID int64) (*cardAnswer, error) {
	rows, _ := q.Query(ctx, `
		select a.reg_number, a.answered_on, a.channel, a.body, coalesce(u.full_name, '') as created_by_name
		from petition_answers a left join users u on u.id = a.created_by
		where a.petition_id = $1`, petitionID)
	a, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[cardAnswer])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a.Files, err = cardFilesOf(ctx, q, petitionID, "answer")
	return a, err
}

// cardFile is one stored file of a submission: a scan, or the answer's file.
type cardFile struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	MediaType string    `db:"media_type"`
	Size      int64     `db:"size"`
	CreatedAt time.Time `db:"created_at"`
}

// cardFilesOf lists a submission's files of one kind ('scan' or 'answer').
func cardFilesOf(ctx context.Context, q db.Querier, petitionID int64, kind string) ([]cardFile, error) {
	rows, _ := q.Query(ctx, `
		select f.id, f.name, f.media_type, f.size, f.created_at
		from petition_files pf join files f on f.id = pf.file_id
		where pf.petition_id = $1 and pf.kind = $2
		order by pf.id`, petitionID, kind)
	return pgx.CollectRows(rows, pgx.RowToStructByName[cardFile])
}

// cardNotice is one notice to the person, with its mail's fate when it went by e-mail.
type cardNotice struct {
	ID           int64     `db:"id"`
	Kind         string    `db:"kind"`
	Channel      string    `db:"channel"`
	Status       string    `db:"status"`
	OutboxStatus *string   `db:"outbox_status"`
	OutboxError  *string   `db:"outbox_error"`
	CreatedAt    time.Time `db:"created_at"`
	UpdatedAt    time.Time `db:"updated_at"`
}

// Shown is the status the card shows: for e-mail, what the outbox says.
func (n cardNotice) Shown() string {
	if n.OutboxStatus != nil {
		switch *n.OutboxStatus {
		case "sent", "failed":
			return *n.OutboxStatus
		}
		return "queued"
	}
	return n.Status
}

// Tone colours the status beside its words.
func (n cardNotice) Tone() string {
	switch n.Shown() {
	case "sent", "handed_over":
		return "ok"
	case "failed":
		return "bad"
	}
	return "warn"
}

func cardNoticesOf(ctx context.Context, q db.Querier, petitionID int64) ([]cardNotice, error) {
	rows, _ := q.Query(ctx, `
		select n.id, n.kind, n.channel, n.status, o.status as outbox_status, o.last_error as outbox_error,
		       n.created_at, n.updated_at
		from petition_notices n left join mail_outbox o on o.id = n.outbox_id
		where n.petition_id = $1 order by n.id`, petitionID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[cardNotice])
}

// cardView is everything the card page draws.
type cardView struct {
	P         *Petition
	X         cardExtras
	Deadline  *Deadline
	DaysLeft  int
	Urgency   Urgency
	Executors []Executor
	Answer    *cardAnswer
	Scans     []cardFile
	Notices   []cardNotice
	Events    []Event
	Actions   []Action
	Staff     []Person
	Today     time.Time
	Now       time.Time
	Print     bool
	MayNotice bool // may mark printed notices as handed over

	// Similar is an earlier submission of the same person on a similar
	// subject, named right after registering (?similar=).
	Similar *Similar

	// Set when an action's form comes back: which one, what was typed, what is wrong.
	Open    Action
	In      actionInput
	Errors  form.Errors
	Problem string // a refusal or conflict, shown at the top
}

// AcknowledgementToPrint tells whether the person's acknowledgement waits
// to be printed and sent by post, in person or to their e-address.
func (v cardView) AcknowledgementToPrint() bool {
	for _, n := range v.Notices {
		if n.Kind == "acknowledgement" && n.Status == "to_print" {
			return true
		}
	}
	return false
}

func (v cardView) ReplyChannel() string {
	if v.P.ReplyChannel == nil {
		return ""
	}
	return *v.P.ReplyChannel
}

func petitionPath(id int64) string { return "/petitions/" + strconv.FormatInt(id, 10) }

func petitionID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(chi.URLParam(r, "id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.NotFound
	}
	return id, nil
}

// readable loads a submission and says how the user stands to it; errs.Forbidden
// when they may not read it.
func (h *Handler) readable(ctx context.Context, q db.Querier, id int64) (*Petition, Actor, error) {
	u := auth.UserFrom(ctx)
	p, err := h.store.Get(ctx, q, id)
	if err != nil {
		return nil, Actor{}, err
	}
	a := Actor{User: u}
	if u != nil {
		a.IsAddressee = p.AddresseeID == u.ID
		if a.IsExecutor, err = h.store.IsExecutor(ctx, q, p.ID, u.ID); err != nil {
			return nil, Actor{}, err
		}
	}
	if !CanRead(u, p, a.IsExecutor, time.Now()) {
		return nil, Actor{}, errs.Forbidden
	}
	return p, a, nil
}

// openCard loads the card for reading and writes the opening to the audit log.
func (h *Handler) openCard(ctx context.Context, id int64, print bool) (cardView, error) {
	var v cardView
	err := pgx.BeginFunc(ctx, h.deps.Pool, func(tx pgx.Tx) error {
		p, a, err := h.readable(ctx, tx, id)
		if err != nil {
			return err
		}
		summary := "Atvērta iesnieguma kartīte " + p.RegNumber
		if print {
			summary = "Izdrukāta iesnieguma kartīte " + p.RegNumber
		}
		if err := audit.Record(ctx, tx, audit.Entry{Entity: "petition", EntityID: p.ID, Action: "view", Summary: summary}); err != nil {
			return err
		}
		v, err = h.fillCard(ctx, tx, p, a)
		return err
	})
	v.Print = print
	return v, err
}

// fillCard reads what the card shows around p. Every read goes through q:
// inside a transaction, a read through the pool would need a second
// connection while holding one, and 32 cards at once would exhaust the pool.
func (h *Handler) fillCard(ctx context.Context, q db.Querier, p *Petition, a Actor) (cardView, error) {
	now := time.Now()
	v := cardView{P: p, Today: calendar.DateOf(now), Now: now}
	var err error
	if v.X, err = cardExtrasOf(ctx, q, p.ID); err != nil {
		return v, fmt.Errorf("card extras: %w", err)
	}
	var d Deadline
	if len(v.X.DueExplanation) > 0 && json.Unmarshal(v.X.DueExplanation, &d) == nil && !d.Due.IsZero() {
		v.Deadline = &d
	}
	cal, err := h.calendar.Load(ctx, q)
	if err != nil {
		return v, err
	}
	v.DaysLeft = DaysLeft(cal, v.Today, p.DueDate)
	v.Urgency = UrgencyOf(v.DaysLeft)
	if v.Executors, err = h.store.Executors(ctx, q, p.ID); err != nil {
		return v, err
	}
	if v.Answer, err = cardAnswerOf(ctx, q, p.ID); err != nil {
		return v, err
	}
	if v.Scans, err = cardFilesOf(ctx, q, p.ID, "scan"); err != nil {
		return v, fmt.Errorf("scans: %w", err)
	}
	if v.Notices, err = cardNoticesOf(ctx, q, p.ID); err != nil {
		return v, err
	}
	if v.Events, err = h.store.Events(ctx, q, p.ID); err != nil {
		return v, err
	}
	v.Actions = Actions(p.State, a)
	v.MayNotice = a.User != nil && (a.User.Has(auth.RoleStaff) || a.User.Has(auth.RoleHead))
	if hasAction(v.Actions, ActResolve) || hasAction(v.Actions, ActReassign) {
		if v.Staff, err = peopleWithRole(ctx, q, auth.RoleStaff, auth.RoleHead); err != nil {
			return v, err
		}
	}
	v.In = defaultInput(v)
	return v, nil
}

func hasAction(as []Action, a Action) bool {
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

func (h *Handler) card(w http.ResponseWriter, r *http.Request) {
	id, err := petitionID(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v, err := h.openCard(r.Context(), id, false)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Similar, err = h.SimilarNotice(r, id); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, cardPage(v))
}

func (h *Handler) printCard(w http.ResponseWriter, r *http.Request) {
	id, err := petitionID(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v, err := h.openCard(r.Context(), id, true)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, printPage(v))
}

// file serves a scan or the answer's file, only of this submission and only to whoever may read it.
func (h *Handler) file(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := petitionID(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	fileID, err := strconv.ParseInt(chi.URLParam(r, "fileID"), 10, 64)
	if err != nil {
		web.Error(w, r, errs.NotFound)
		return
	}
	// Opening a scan is reading the submission: it is audited like the card.
	err = pgx.BeginFunc(ctx, h.deps.Pool, func(tx pgx.Tx) error {
		p, _, err := h.readable(ctx, tx, id)
		if err != nil {
			return err
		}
		var kind string
		err = tx.QueryRow(ctx, `select kind from petition_files where petition_id = $1 and file_id = $2`, id, fileID).Scan(&kind)
		if errors.Is(err, pgx.ErrNoRows) {
			return errs.NotFound
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "petition", EntityID: p.ID, Action: "view_file",
			Summary: "Atvērts iesnieguma " + p.RegNumber + " fails",
			Details: map[string]any{"file_id": fileID, "kind": kind}})
	})
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, rc, err := h.deps.Files.Open(ctx, fileID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	files.Serve(w, r, f, rc, r.URL.Query().Get("download") != "1")
}

func fileURL(petitionID, fileID int64, download bool) string {
	s := petitionPath(petitionID) + "/files/" + strconv.FormatInt(fileID, 10)
	if download {
		s += "?download=1"
	}
	return s
}

// eventWhat names a line of the timeline in words.
func eventWhat(ctx context.Context, e Event) string {
	if i18n.Has(ctx, "petitions.card.event."+e.Kind) {
		return i18n.T(ctx, "petitions.card.event."+e.Kind)
	}
	if _, ok := transitions[Action(e.Kind)]; ok {
		return ActionName(ctx, Action(e.Kind))
	}
	return e.Kind
}

// eventExtra is what a notice line adds: which notice, by which channel.
func eventExtra(ctx context.Context, e Event) string {
	if e.Kind != "notice" && e.Kind != "notice_sent" {
		return ""
	}
	var d struct {
		Kind    string `json:"kind"`
		Channel string `json:"channel"`
	}
	if json.Unmarshal(e.Details, &d) != nil || d.Kind == "" {
		return ""
	}
	return noticeKindName(ctx, d.Kind) + " — " + ReplyName(ctx, d.Channel)
}

func noticeKindName(ctx context.Context, kind string) string {
	return i18n.T(ctx, "petitions.card.notice_kind."+kind)
}

func noticeStatusName(ctx context.Context, status string) string {
	return i18n.T(ctx, "petitions.card.notice_status."+status)
}

func stateName(ctx context.Context, s *string) string {
	if s == nil || *s == "" {
		return ""
	}
	return StateName(ctx, State(*s))
}

// urgencyTone colours the days left.
func urgencyTone(u Urgency) string {
	switch u {
	case UrgencyOverdue:
		return "bad"
	case UrgencySoon:
		return "warn"
	}
	return "ok"
}

// daysLeftText says how many working days are left, or how late it is, in words.
func daysLeftText(ctx context.Context, n int) string {
	switch {
	case n < 0:
		return i18n.T(ctx, "petitions.card.overdue_by", i18n.Number(int64(-n)))
	case n == 0:
		return i18n.T(ctx, "petitions.card.due_today")
	}
	return i18n.T(ctx, "petitions.days_left", i18n.Number(int64(n)))
}

// ruleText names a deadline rule and its legal basis in the language of ctx.
func ruleText(ctx context.Context, r Rule) string {
	basis := r.BasisLV
	if i18n.Locale(ctx) == "en" && r.BasisEN != "" {
		basis = r.BasisEN
	}
	return basis
}

func ruleTerm(ctx context.Context, r Rule) string {
	return i18n.T(ctx, "petitions.card.term_"+string(r.Unit), i18n.Number(int64(r.Amount)))
}

// skippedLines summarise the days a term stepped over: weekends counted,
// holidays and moved days off by date and name.
func skippedLines(ctx context.Context, days []calendar.Day) []string {
	weekends := 0
	var named []string
	for _, d := range days {
		if d.Kind == calendar.Weekend {
			weekends++
			continue
		}
		name := d.Name(i18n.Locale(ctx))
		if name == "" {
			name = i18n.T(ctx, "petitions.card.day_off")
		}
		named = append(named, i18n.Date(d.Date)+" "+name)
	}
	var out []string
	if weekends > 0 {
		out = append(out, i18n.T(ctx, "petitions.card.weekend_days", i18n.Number(int64(weekends))))
	}
	return append(out, named...)
}

func executorOptions(staff []Person, chosen []string) []components.Option {
	out := make([]components.Option, len(staff))
	for i, s := range staff {
		id := strconv.FormatInt(s.ID, 10)
		out[i] = components.Option{Value: id, Label: s.FullName, Selected: slices.Contains(chosen, id)}
	}
	return out
}

func replyOptions(ctx context.Context, chosen string) []components.Option {
	out := []components.Option{{Value: "", Label: i18n.T(ctx, "petitions.card.choose")}}
	for _, c := range ReplyChannels {
		out = append(out, components.Option{Value: string(c), Label: ReplyName(ctx, string(c)), Selected: string(c) == chosen})
	}
	return out
}

func yesNo(ctx context.Context, b bool) string {
	if b {
		return i18n.T(ctx, "petitions.card.yes")
	}
	return i18n.T(ctx, "petitions.card.no")
}

func actionURL(id int64, a Action) string { return petitionPath(id) + "/" + string(a) }

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// openValue is what was typed into a field shared by name across forms, only in the form that came back.
func openValue(v cardView, a Action, s string) string {
	if v.Open != a {
		return ""
	}
	return s
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// resolutionByline is who wrote the resolution, and when.
func resolutionByline(v cardView) string {
	s := v.X.ResolutionName
	if v.P.ResolutionAt != nil {
		if s != "" {
			s += ", "
		}
		s += i18n.DateTime(*v.P.ResolutionAt)
	}
	return s
}
