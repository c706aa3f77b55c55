package reports

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/press"
)

// AuditEntities declares the package's entities in the audit log: a
// report's entries name it by number and say what was done, never what
// anyone wrote.
func AuditEntities() audit.Entities { return audit.Entities{"department_report": false} }

// periodicStore keeps the weekly and monthly reports.
type periodicStore struct {
	pool    *pgxpool.Pool
	now     func() time.Time
	baseURL string
}

func (h *Handler) store() *periodicStore { return storeOf(h.deps) }

func storeOf(d Deps) *periodicStore {
	return &periodicStore{pool: d.Pool, now: d.Now, baseURL: d.BaseURL}
}

func deptReportEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "department_report", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Pārskats izpilddirektoram Nr. %d: ", id) + fmt.Sprintf(format, args...)}
}

const deptReportColumns = `r.id, r.kind, r.period_start, r.period_end, r.status, r.highlights, r.problems, r.plans,
	r.submitted_at, coalesce(sb.full_name, ''), coalesce(r.submitted_by, 0), r.recipients, r.read_at, coalesce(rb.full_name, ''),
	(select count(*) from department_report_comments c where c.report_id = r.id), r.version, r.created_at`

const deptReportFrom = ` from department_reports r left join users sb on sb.id = r.submitted_by left join users rb on rb.id = r.read_by`

func scanDeptReport(row pgx.Row) (DeptReport, error) {
	var d DeptReport
	var start, end time.Time
	err := row.Scan(&d.ID, &d.Kind, &start, &end, &d.Status, &d.Highlights, &d.Problems, &d.Plans,
		&d.SubmittedAt, &d.SubmittedBy, &d.SubmittedByID, &d.Recipients, &d.ReadAt, &d.ReadBy, &d.Comments, &d.Version, &d.CreatedAt)
	d.Period = Period{Kind: d.Kind.periodKind(), First: date(start.Date()), End: date(end.Date()).AddDate(0, 0, 1)}
	return d, err
}

// Reports are a page of the archive: at most limit reports, the latest to
// end first (a week before the month that ends with it), after the
// cursor (nil: from the start), drafts among them only when drafts.
// Drafts are left out here rather than from the page, so that a page
// for the director is as long as for the head.
func (s *periodicStore) Reports(ctx context.Context, drafts bool, after *archiveCursor, limit int) ([]DeptReport, error) {
	where, args := ` where ($1 or r.status = 'submitted')`, []any{drafts, limit}
	if after != nil {
		where += ` and (r.period_end, r.kind, r.id) < ($3, $4, $5)`
		args = append(args, after.End, string(after.Kind), after.ID)
	}
	rows, _ := s.pool.Query(ctx, `select `+deptReportColumns+deptReportFrom+where+`
		order by r.period_end desc, r.kind desc, r.id desc limit $2`, args...)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (DeptReport, error) { return scanDeptReport(row) })
}

// Report reads one report.
func (s *periodicStore) Report(ctx context.Context, id int64) (DeptReport, error) {
	d, err := scanDeptReport(s.pool.QueryRow(ctx, `select `+deptReportColumns+deptReportFrom+` where r.id = $1`, id))
	return d, db.NotFound(err, "department report")
}

// kindWord is the kind as the audit log's Latvian says it.
func kindWord(k ReportKind) string {
	if k == Monthly {
		return "mēneša"
	}
	return "nedēļas"
}

// CreateReport makes the draft of kind for period p unless it exists, and
// returns its id and whether it was made now: the button pressed twice, or
// the button and the schedule together, make one. When client is given,
// the heads are told by mail that the draft is ready, in the same
// transaction (the schedule's run).
func (s *periodicStore) CreateReport(ctx context.Context, client *jobs.Client, kind ReportKind, p Period) (int64, bool, error) {
	if p.Kind != kind.periodKind() || PeriodOf(p.Kind, p.First) != p {
		return 0, false, errs.Field("kind", "reports.periodic.kind_invalid")
	}
	var id int64
	made := false
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		err := tx.QueryRow(ctx, `insert into department_reports (kind, period_start, period_end, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $4, $5) on conflict (kind, period_start) do nothing returning id`,
			kind, p.First, p.Last(), now, audit.ActorID(ctx)).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return tx.QueryRow(ctx, `select id from department_reports where kind = $1 and period_start = $2`,
				kind, p.First).Scan(&id)
		}
		if err != nil {
			return err
		}
		made = true
		n := 0
		if client != nil {
			ms, err := usersWithRole(ctx, tx, "head", func(u mailUser) mail.Message { return draftMail(kind, p, id, u, s.baseURL) })
			if err != nil {
				return err
			}
			if len(ms) > 0 {
				if _, err := mail.EnqueueMany(ctx, tx, client, ms); err != nil {
					return err
				}
			}
			n = len(ms)
		}
		what := fmt.Sprintf("sagatavots %s pārskata melnraksts par %s–%s", kindWord(kind), i18n.Date(rigaMidnight(p.First)), i18n.Date(rigaMidnight(p.Last())))
		if client != nil {
			what += fmt.Sprintf(" (paziņots: %d)", n)
		}
		return audit.Record(ctx, tx, deptReportEntry(id, "create", "%s", what))
	})
	return id, made, err
}

// mailUser is an account a report's mail goes to.
type mailUser struct {
	ID          int64
	Name, Email string
}

// usersWithRole are the active accounts of role with an e-mail address,
// each given its mail by mk.
func usersWithRole(ctx context.Context, tx pgx.Tx, role string, mk func(mailUser) mail.Message) ([]mail.Message, error) {
	rows, _ := tx.Query(ctx, `select id, full_name, email from users where $1 = any(roles) and active and email <> '' order by id`, role)
	var u mailUser
	var out []mail.Message
	_, err := pgx.ForEachRow(rows, []any{&u.ID, &u.Name, &u.Email}, func() error {
		out = append(out, mk(u))
		return nil
	})
	return out, err
}

// lockDraft locks report id's row and checks that it is a draft of
// version.
func lockDraft(ctx context.Context, tx pgx.Tx, id int64, version int) (DeptReport, error) {
	var d DeptReport
	var start, end time.Time
	err := tx.QueryRow(ctx, `select kind, period_start, period_end, status, highlights, problems, plans, version
		from department_reports where id = $1 for update`, id).
		Scan(&d.Kind, &start, &end, &d.Status, &d.Highlights, &d.Problems, &d.Plans, &d.Version)
	if err != nil {
		return d, db.NotFound(err, "department report")
	}
	d.ID = id
	d.Period = Period{Kind: d.Kind.periodKind(), First: date(start.Date()), End: date(end.Date()).AddDate(0, 0, 1)}
	if d.Status != Draft {
		return d, errs.FieldConflict("highlights", "reports.periodic.already_submitted")
	}
	if d.Version != version {
		return d, errs.FieldConflict("highlights", "errors.conflict")
	}
	return d, nil
}

// textsChanged says, for the audit log, how many characters each text has
// before and after: never the words.
func textsChanged(d DeptReport, texts map[string]string) string {
	old := map[string]string{"highlights": d.Highlights, "problems": d.Problems, "plans": d.Plans}
	words := map[string]string{"highlights": "svarīgākais", "problems": "problēmas", "plans": "plāni"}
	out := ""
	for _, k := range textSections {
		a, b := len([]rune(old[k])), len([]rune(texts[k]))
		if a == b && old[k] == texts[k] {
			continue
		}
		if out != "" {
			out += ", "
		}
		out += fmt.Sprintf("%s: rakstzīmju skaits %d → %d", words[k], a, b)
	}
	if out == "" {
		return "teksti nemainīti"
	}
	return out
}

// SaveTexts sets a draft's three texts (id and version as drawn).
func (s *periodicStore) SaveTexts(ctx context.Context, id int64, version int, texts map[string]string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := lockDraft(ctx, tx, id, version)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `update department_reports set highlights = $2, problems = $3, plans = $4, updated_at = $5,
			version = version + 1 where id = $1`, id, texts["highlights"], texts["problems"], texts["plans"], s.now()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, deptReportEntry(id, "update", "%s", textsChanged(d, texts)))
	})
}

// Submit saves a draft's texts and submits it with content as PR Desk
// filled it in: the content is kept as it is, and the directors are told
// by mail through client's outbox, in one transaction with its audit
// entry. Each mail carries what file makes of the report as submitted
// (its PDF), made once for them all; nil sends none. n is how many were
// told.
func (s *periodicStore) Submit(ctx context.Context, client *jobs.Client, id int64, version int, texts map[string]string,
	content reportContent, file func(DeptReport) (mail.Attachment, error)) (n int, err error) {
	raw, err := json.Marshal(content)
	if err != nil {
		return 0, err
	}
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		d, err := lockDraft(ctx, tx, id, version)
		if err != nil {
			return err
		}
		d.Highlights, d.Problems, d.Plans = texts["highlights"], texts["problems"], texts["plans"]
		now := s.now()
		var ms []mail.Message
		if client != nil {
			ms, err = usersWithRole(ctx, tx, "director", func(u mailUser) mail.Message {
				return submittedMail(d, content, u, auth.UserFrom(ctx), s.baseURL)
			})
			if err != nil {
				return err
			}
		}
		if len(ms) > 0 && file != nil {
			// The report as it stands once this commits: submitted, now, by the signed-in head.
			sub := d
			sub.Status, sub.SubmittedAt, sub.Version = Submitted, &now, d.Version+1
			if u := auth.UserFrom(ctx); u != nil {
				sub.SubmittedBy, sub.SubmittedByID = u.FullName, u.ID
			}
			a, err := file(sub)
			if err != nil {
				return fmt.Errorf("the report's file for the mail: %w", err)
			}
			for i := range ms {
				ms[i].Attachments = []mail.Attachment{a}
			}
		}
		if len(ms) > 0 {
			if _, err := mail.EnqueueMany(ctx, tx, client, ms); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(ctx, `update department_reports set highlights = $2, problems = $3, plans = $4, status = 'submitted',
			content = $5, submitted_at = $6, submitted_by = $7, recipients = $8, updated_at = $6, version = version + 1 where id = $1`,
			id, d.Highlights, d.Problems, d.Plans, raw, now, audit.ActorID(ctx), len(ms)); err != nil {
			return err
		}
		n = len(ms)
		return audit.Record(ctx, tx, deptReportEntry(id, "report_submit", "iesniegts izpilddirektoram (saņēmēju skaits: %d)", n))
	})
	return n, err
}

// KeptContent is a submitted report's content as it was submitted.
func (s *periodicStore) KeptContent(ctx context.Context, id int64) (reportContent, error) {
	var raw []byte
	var c reportContent
	if err := s.pool.QueryRow(ctx, `select content from department_reports where id = $1`, id).Scan(&raw); err != nil {
		return c, db.NotFound(err, "department report")
	}
	if raw == nil {
		return c, nil
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, fmt.Errorf("department report %d's content: %w", id, err)
	}
	return c, nil
}

// Comments are a report's comments, the first made first.
func (s *periodicStore) Comments(ctx context.Context, id int64) ([]Comment, error) {
	rows, _ := s.pool.Query(ctx, `select c.id, c.section, c.body, coalesce(u.full_name, ''), coalesce(c.author_id, 0), c.created_at
		from department_report_comments c left join users u on u.id = c.author_id where c.report_id = $1 order by c.id`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Comment, error) {
		var c Comment
		err := row.Scan(&c.ID, &c.Section, &c.Body, &c.Author, &c.AuthorID, &c.At)
		return c, err
	})
}

// AddComment adds the signed-in user's comment on section of a submitted
// report. The head who submitted it is told of a comment by someone else,
// and the directors of the head's answer, by mail through client (nil
// tells nobody), in the same transaction.
func (s *periodicStore) AddComment(ctx context.Context, client *jobs.Client, id int64, section, body, key string) error {
	if !validSection(section) {
		return errs.Field("body", "reports.periodic.comment.section_invalid")
	}
	author := auth.UserFrom(ctx)
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var d DeptReport
		var start, end time.Time
		var submitter *int64
		err := tx.QueryRow(ctx, `select kind, period_start, period_end, status, submitted_by from department_reports
			where id = $1 for update`, id).Scan(&d.Kind, &start, &end, &d.Status, &submitter)
		if err != nil {
			return db.NotFound(err, "department report")
		}
		d.ID = id
		d.Period = Period{Kind: d.Kind.periodKind(), First: date(start.Date()), End: date(end.Date()).AddDate(0, 0, 1)}
		if d.Status != Submitted {
			return errs.Field("body", "reports.periodic.comment.not_submitted")
		}
		var cid int64
		if err := tx.QueryRow(ctx, `insert into department_report_comments (report_id, section, body, author_id, created_at, idempotency_key)
			values ($1, $2, $3, $4, $5, $6) returning id`, id, section, body, audit.ActorID(ctx), s.now(), key).Scan(&cid); err != nil {
			if db.IsUnique(err, "department_report_comments_idempotency_key_key") {
				return errs.KeyUsed
			}
			return err
		}
		var ms []mail.Message
		if client != nil {
			// The director's comment goes to the head who submitted the
			// report (to every head when that account is gone); the head's
			// answer goes to the directors.
			mk := func(u mailUser) mail.Message { return commentMail(d, section, author, u, s.baseURL) }
			if author.Can(auth.ReportsReview) {
				if submitter != nil {
					ms, err = usersByID(ctx, tx, *submitter, mk)
				}
				if err == nil && len(ms) == 0 {
					ms, err = usersWithRole(ctx, tx, "head", mk)
				}
			} else {
				ms, err = usersWithRole(ctx, tx, "director", mk)
			}
			if err != nil {
				return err
			}
			ms = slices.DeleteFunc(ms, func(m mail.Message) bool { return author != nil && m.To == author.Email })
			if len(ms) > 0 {
				if _, err := mail.EnqueueMany(ctx, tx, client, ms); err != nil {
					return err
				}
			}
		}
		return audit.Record(ctx, tx, deptReportEntry(id, "report_comment", "komentārs Nr. %d sadaļai „%s“ (paziņots: %d)", cid,
			sectionName(i18n.WithLocale(ctx, "lv"), section), len(ms)))
	})
}

// CommentByKey is the report a comment form's key already added a
// comment to.
func (s *periodicStore) CommentByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select report_id from department_report_comments where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "department report comment")
}

// usersByID is the active account id with an e-mail address, given its
// mail by mk.
func usersByID(ctx context.Context, tx pgx.Tx, id int64, mk func(mailUser) mail.Message) ([]mail.Message, error) {
	rows, _ := tx.Query(ctx, `select id, full_name, email from users where id = $1 and active and email <> ''`, id)
	var u mailUser
	var out []mail.Message
	_, err := pgx.ForEachRow(rows, []any{&u.ID, &u.Name, &u.Email}, func() error {
		out = append(out, mk(u))
		return nil
	})
	return out, err
}

// MarkRead records that the signed-in director read a submitted report;
// a second mark changes nothing.
func (s *periodicStore) MarkRead(ctx context.Context, id int64) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var status ReportStatus
		var readAt *time.Time
		if err := tx.QueryRow(ctx, `select status, read_at from department_reports where id = $1 for update`, id).
			Scan(&status, &readAt); err != nil {
			return db.NotFound(err, "department report")
		}
		if status != Submitted {
			return fmt.Errorf("department report %d is a draft: %w", id, errs.Conflict)
		}
		if readAt != nil {
			return nil
		}
		if _, err := tx.Exec(ctx, `update department_reports set read_at = $2, read_by = $3, updated_at = $2 where id = $1`,
			id, s.now(), audit.ActorID(ctx)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, deptReportEntry(id, "report_read", "izlasīts"))
	})
}

// RecordDownload writes to the audit log that the report was downloaded
// as format.
func (s *periodicStore) RecordDownload(ctx context.Context, id int64, format string) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		return audit.Record(ctx, tx, deptReportEntry(id, "export", "lejupielādēts (%s)", format))
	})
}

// liveContent is what PR Desk fills rep with now: the areas' figures for
// its period, the one before and the year before, and the notable items.
// An area whose figures could not be read shows so on the page; for a
// submission (strict) it is refused, as a report is not kept without
// them, and the form comes back with what was typed.
func (h *Handler) liveContent(ctx context.Context, rep DeptReport, strict bool) (reportContent, error) {
	p := rep.Period
	c := reportContent{Panels: h.loadPanels(ctx, [3]Period{p, p.Previous(), p.YearBefore()}, false)}
	for _, d := range c.Panels {
		for _, vs := range d.Values {
			if vs == nil && strict {
				return c, errs.Field("highlights", "reports.periodic.figures_unreadable")
			}
		}
	}
	after := next(p)
	late, err := h.deps.Petitions.LateIn(ctx, p.From(), p.To(), MaxNotable+1)
	if err != nil {
		return c, err
	}
	g := notableGroup{Key: "late", Perm: auth.AreaPetitions}
	for _, l := range late {
		it := notableItem{Title: l.Number, When: l.Due, AllDay: true, Link: "/petitions/" + itoa(l.ID), Pending: l.Answered == nil}
		if l.Answered != nil {
			it.Until = *l.Answered
		}
		g.Items = append(g.Items, it)
	}
	c.Notable = append(c.Notable, g.cut())

	fwd, err := h.deps.Petitions.ForwardedLateIn(ctx, p.From(), p.To(), MaxNotable+1)
	if err != nil {
		return c, err
	}
	g = notableGroup{Key: "forward_late", Perm: auth.AreaPetitions}
	for _, l := range fwd {
		it := notableItem{Title: l.Number, When: l.Due, AllDay: true, Link: "/petitions/" + itoa(l.ID)}
		if l.Forwarded != nil {
			it.Until = *l.Forwarded
		}
		g.Items = append(g.Items, it)
	}
	c.Notable = append(c.Notable, g.cut())

	neg, err := monitoring.NegativeCoverage(ctx, h.deps.Pool, p.From(), p.To(), MaxNotable+1)
	if err != nil {
		return c, err
	}
	g = notableGroup{Key: "negative", Perm: auth.AreaMonitoring}
	for _, n := range neg {
		g.Items = append(g.Items, notableItem{Title: n.Title, Place: n.Outlet, When: n.PublishedAt, Link: "/monitoring/" + itoa(n.ID)})
	}
	c.Notable = append(c.Notable, g.cut())

	dels, err := delegations.UpcomingIn(ctx, h.deps.Pool, after.From(), after.To(), MaxNotable+1)
	if err != nil {
		return c, err
	}
	g = notableGroup{Key: "delegations", Perm: auth.AreaDelegations, Next: true}
	for _, d := range dels {
		g.Items = append(g.Items, notableItem{Title: d.Title, Place: d.City, Country: d.Country, When: d.StartsOn, Until: d.EndsOn,
			AllDay: true, Link: "/delegations/" + itoa(d.ID)})
	}
	c.Notable = append(c.Notable, g.cut())

	evs, err := press.EventsIn(ctx, h.deps.Pool, after.From(), after.To(), MaxNotable+1)
	if err != nil {
		return c, err
	}
	g = notableGroup{Key: "events", Perm: auth.AreaPress, Next: true}
	for _, e := range evs {
		place := e.Place
		if e.Room != "" {
			place += ", " + e.Room
		}
		g.Items = append(g.Items, notableItem{Title: e.Title, Place: place, When: e.StartsAt, Until: e.EndsAt, Link: "/press/events/" + itoa(e.ID)})
	}
	c.Notable = append(c.Notable, g.cut())
	return c, nil
}

// cut keeps the first MaxNotable items and says whether there were more.
func (g notableGroup) cut() notableGroup {
	if len(g.Items) > MaxNotable {
		g.Items, g.More = g.Items[:MaxNotable], true
	}
	return g
}
