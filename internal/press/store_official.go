package press

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// Uses of the directory by official texts.
const (
	UseOfficialRequester = "official_text_requester" // asked for a greeting, statement or speech
	UseOfficialSpeaker   = "official_text_official"  // signs or says one
)

func officialEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "press_text", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Oficiālais teksts #%d: ", id) + fmt.Sprintf(format, args...)}
}

const officialColumns = `t.id, t.kind, t.occasion, t.requested_by_id, t.official_id, t.needed_on, t.lang, t.author_id,
	coalesce((select u.full_name from users u where u.id = t.author_id), ''), t.status, t.current_version, t.approved_version,
	t.based_on_id, t.notes, t.version, t.created_at, t.updated_at, coalesce(t.idempotency_key, '')`

func scanOfficial(row pgx.Row) (OfficialText, error) {
	var t OfficialText
	err := row.Scan(&t.ID, &t.Kind, &t.Occasion, &t.RequestedByID, &t.OfficialID, &t.NeededOn, &t.Lang, &t.AuthorID, &t.AuthorName,
		&t.Status, &t.CurrentVersion, &t.ApprovedVersion, &t.BasedOnID, &t.Notes, &t.Version, &t.CreatedAt, &t.UpdatedAt,
		&t.IdempotencyKey)
	return t, err
}

func officialText(ctx context.Context, q db.Querier, id int64, lock bool) (OfficialText, error) {
	sql := `select ` + officialColumns + `, coalesce(v.body, '') from press_official_texts t
		left join press_official_text_versions v on v.text_id = t.id and v.no = t.current_version where t.id = $1`
	if lock {
		sql += ` for update of t`
	}
	var t OfficialText
	row := q.QueryRow(ctx, sql, id)
	err := row.Scan(&t.ID, &t.Kind, &t.Occasion, &t.RequestedByID, &t.OfficialID, &t.NeededOn, &t.Lang, &t.AuthorID, &t.AuthorName,
		&t.Status, &t.CurrentVersion, &t.ApprovedVersion, &t.BasedOnID, &t.Notes, &t.Version, &t.CreatedAt, &t.UpdatedAt,
		&t.IdempotencyKey, &t.Body)
	return t, db.NotFound(err, "official text")
}

// OfficialText reads one text with its current draft.
func (s *Store) OfficialText(ctx context.Context, id int64) (OfficialText, error) {
	return officialText(ctx, s.pool, id, false)
}

// OfficialTextByKey finds the text a form already created.
func (s *Store) OfficialTextByKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from press_official_texts where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "official text by idempotency key")
}

// checkOfficialInput is the rules the form cannot break, each beside its
// field; the database holds the same.
func checkOfficialInput(in OfficialInput) error {
	switch {
	case strings.TrimSpace(in.Occasion) == "":
		return errs.Field("occasion", "press.text.occasion_required")
	case !slices.Contains(OfficialKinds, in.Kind):
		return errs.Field("kind", "press.text.kind_required")
	case !slices.Contains(Langs, in.Lang):
		return errs.Field("lang", "press.text.lang_required")
	case in.NeededOn.IsZero():
		return errs.Field("needed_on", "press.text.needed_on_required")
	}
	return nil
}

// officialContacts refuses, beside its field, a contact not in the
// directory, and an official who is not a person.
func officialContacts(ctx context.Context, tx pgx.Tx, in OfficialInput) error {
	if in.RequestedByID != nil {
		if err := contacts.Exists(ctx, tx, *in.RequestedByID, "", "requested_by_id"); err != nil {
			return err
		}
	}
	if in.OfficialID != nil {
		if err := contacts.Exists(ctx, tx, *in.OfficialID, contacts.Person, "official_id"); err != nil {
			return err
		}
	}
	return nil
}

// recordOfficialUses writes to the directory what each contact is to the
// text, and forgets what those of old no longer are.
func (s *Store) recordOfficialUses(ctx context.Context, tx pgx.Tx, id int64, old, now OfficialInput) error {
	if s.contacts == nil {
		return nil
	}
	ref := "texts/" + strconv.FormatInt(id, 10)
	for _, u := range []struct {
		kind     string
		was, now *int64
	}{{UseOfficialRequester, old.RequestedByID, now.RequestedByID}, {UseOfficialSpeaker, old.OfficialID, now.OfficialID}} {
		if idOf(u.was) == idOf(u.now) {
			continue
		}
		if u.was != nil {
			if err := s.contacts.ForgetUse(ctx, tx, *u.was, "press", u.kind, ref); err != nil {
				return err
			}
		}
		if u.now != nil {
			if err := s.contacts.RecordUse(ctx, tx, *u.now, "press", u.kind, ref); err != nil {
				return err
			}
		}
	}
	return nil
}

// officialSearch is what the library's search reads, from the parameters
// of the occasion and the current draft.
func officialSearch(occasion, body string) string {
	return `lower(prdesk_unaccent(` + occasion + `::text || E'\n' || ` + body + `::text))`
}

// CreateOfficialText saves a new request, with its first draft when the
// body is written, and returns its id. key is the form's idempotency key.
func (s *Store) CreateOfficialText(ctx context.Context, in OfficialInput, key string) (int64, error) {
	if err := checkOfficialInput(in); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if err := officialContacts(ctx, tx, in); err != nil {
			return err
		}
		if in.BasedOnID != nil {
			if _, err := officialText(ctx, tx, *in.BasedOnID, false); err != nil {
				return errs.Field("based_on_id", "press.text.unknown_base")
			}
		}
		status, current := OfficialRequested, 0
		if in.Body != "" {
			status, current = OfficialDrafting, 1
		}
		var k *string
		if key != "" {
			k = &key
		}
		now := s.now()
		err := tx.QueryRow(ctx, `insert into press_official_texts (kind, occasion, requested_by_id, official_id, needed_on, lang,
				author_id, status, current_version, based_on_id, notes, search, idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $4, $5, $6, $7, $8, $9, $10, $11, $12, `+officialSearch("$2", "$3")+`, $13, $14, $14, $15) returning id`,
			in.Kind, in.Occasion, in.Body, in.RequestedByID, in.OfficialID, in.NeededOn, in.Lang, in.AuthorID, status, current,
			in.BasedOnID, in.Notes, k, now, audit.ActorID(ctx)).Scan(&id)
		if db.IsUnique(err, "press_official_texts_idempotency_key_key") {
			return ErrDuplicateKey
		}
		if err != nil {
			return err
		}
		if current == 1 {
			if _, err := tx.Exec(ctx, `insert into press_official_text_versions (text_id, no, body, saved_at, saved_by)
				values ($1, 1, $2, $3, $4)`, id, in.Body, now, audit.ActorID(ctx)); err != nil {
				return err
			}
		}
		if err := s.recordOfficialUses(ctx, tx, id, OfficialInput{}, in); err != nil {
			return err
		}
		summary := "pieprasīts"
		if current == 1 {
			summary = "pieprasīts, sagatavota 1. versija"
		}
		if in.BasedOnID != nil {
			summary += fmt.Sprintf(" (pēc teksta #%d)", *in.BasedOnID)
		}
		e := officialEntry(id, "create", "%s", summary)
		e.Details = map[string]any{"occasion": in.Occasion}
		return audit.Record(ctx, tx, e)
	})
	return id, err
}

// SaveOfficialText saves in over text id as drawn at version. A changed
// body is a new version: a request gets its first draft, and an approved
// text goes back for approval.
func (s *Store) SaveOfficialText(ctx context.Context, id int64, version int, in OfficialInput) error {
	if err := checkOfficialInput(in); err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := officialText(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if old.Version != version {
			return errs.FieldConflict("occasion", "errors.conflict")
		}
		if old.Status == OfficialDelivered {
			return errs.FieldConflict("occasion", "press.text.delivered_locked")
		}
		if old.CurrentVersion > 0 && in.Body == "" {
			return errs.Field("body", "press.text.body_required")
		}
		if err := officialContacts(ctx, tx, in); err != nil {
			return err
		}
		now := s.now()
		status, current, summary := old.Status, old.CurrentVersion, "labots"
		if in.Body != old.Body {
			current++
			if _, err := tx.Exec(ctx, `insert into press_official_text_versions (text_id, no, body, saved_at, saved_by)
				values ($1, $2, $3, $4, $5)`, id, current, in.Body, now, audit.ActorID(ctx)); err != nil {
				return err
			}
			summary = fmt.Sprintf("saglabāta %d. versija", current)
			switch old.Status {
			case OfficialRequested:
				status = OfficialDrafting
			case OfficialApproved:
				status = OfficialApproval
				summary += "; pēc apstiprināšanas labotais teksts nodots atkārtotai apstiprināšanai"
			}
		}
		approved := old.ApprovedVersion // the last approved draft stays marked on the versions
		if _, err := tx.Exec(ctx, `update press_official_texts set kind = $2, occasion = $3, requested_by_id = $5, official_id = $6,
				needed_on = $7, lang = $8, author_id = $9, notes = $10, status = $11, current_version = $12, approved_version = $13,
				search = `+officialSearch("$3", "$4")+`, updated_at = $14, version = version + 1
			where id = $1`, id, in.Kind, in.Occasion, in.Body, in.RequestedByID, in.OfficialID, in.NeededOn, in.Lang, in.AuthorID,
			in.Notes, status, current, approved, now); err != nil {
			return err
		}
		oldIn := OfficialInput{RequestedByID: old.RequestedByID, OfficialID: old.OfficialID}
		if err := s.recordOfficialUses(ctx, tx, id, oldIn, in); err != nil {
			return err
		}
		e := officialEntry(id, "update", "%s", summary)
		e.Details = audit.Diff([][3]any{{"occasion", old.Occasion, in.Occasion},
			{"text_kind", lvText("press.text.kind." + string(old.Kind)), lvText("press.text.kind." + string(in.Kind))},
			{"needed_on", old.NeededOn.Format(time.DateOnly), in.NeededOn.Format(time.DateOnly)}, {"language", lvText("press.lang." + string(old.Lang)), lvText("press.lang." + string(in.Lang))},
			{"official_id", ptr(old.OfficialID), ptr(in.OfficialID)}, {"requested_by_id", ptr(old.RequestedByID), ptr(in.RequestedByID)},
			{"author_id", ptr(old.AuthorID), ptr(in.AuthorID)}, {"version", old.CurrentVersion, current}})
		return audit.Record(ctx, tx, e)
	})
}

// officialStep moves text id, as drawn at version, from one of from to
// status to, with its audit entry; more runs in the same transaction.
func (s *Store) officialStep(ctx context.Context, id int64, version int, from []OfficialStatus, to OfficialStatus,
	action, summary string, more func(tx pgx.Tx, t OfficialText) error) error {
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		t, err := officialText(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if t.Version != version || !slices.Contains(from, t.Status) {
			return ErrWrongStatus
		}
		approved := t.ApprovedVersion
		if to == OfficialApproved {
			approved = &t.CurrentVersion
		}
		if _, err := tx.Exec(ctx, `update press_official_texts set status = $2, approved_version = $3, updated_at = $4,
			version = version + 1 where id = $1`, id, to, approved, s.now()); err != nil {
			return err
		}
		if more != nil {
			if err := more(tx, t); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, officialEntry(id, action, "%d. versija %s", t.CurrentVersion, summary))
	})
	if errors.Is(err, ErrWrongStatus) {
		return errs.FieldConflict("comment", "press.text.stale")
	}
	return err
}

// SubmitOfficial sends the current draft to the head for approval.
func (s *Store) SubmitOfficial(ctx context.Context, id int64, version int) error {
	return s.officialStep(ctx, id, version, []OfficialStatus{OfficialDrafting}, OfficialApproval, "submit", "nodota apstiprināšanai", nil)
}

// DeliverOfficial records that the approved text went to whoever asked.
func (s *Store) DeliverOfficial(ctx context.Context, id int64, version int) error {
	return s.officialStep(ctx, id, version, []OfficialStatus{OfficialApproved}, OfficialDelivered, "deliver", "nodota pasūtītājam", nil)
}

// ApproveOfficial is the head's approval of the draft the page showed
// (versionNo), with an optional comment.
func (s *Store) ApproveOfficial(ctx context.Context, id int64, version, versionNo int, comment string) error {
	return s.officialReview(ctx, id, version, versionNo, DecisionApproved, comment)
}

// ReturnOfficial sends the draft back to drafting with the head's comments.
func (s *Store) ReturnOfficial(ctx context.Context, id int64, version, versionNo int, comment string) error {
	if strings.TrimSpace(comment) == "" {
		return errs.Field("comment", "press.text.comment_required")
	}
	return s.officialReview(ctx, id, version, versionNo, DecisionReturned, comment)
}

func (s *Store) officialReview(ctx context.Context, id int64, version, versionNo int, d Decision, comment string) error {
	to, action, summary := OfficialApproved, "approve", "apstiprināta"
	if d == DecisionReturned {
		to, action, summary = OfficialDrafting, "return", "atgriezta ar komentāriem"
	}
	return s.officialStep(ctx, id, version, []OfficialStatus{OfficialApproval}, to, action, summary, func(tx pgx.Tx, t OfficialText) error {
		if t.CurrentVersion != versionNo {
			return ErrWrongStatus
		}
		_, err := tx.Exec(ctx, `insert into press_official_text_reviews (text_id, version_no, decision, comment, decided_by, decided_at)
			values ($1, $2, $3, $4, $5, $6)`, id, versionNo, d, comment, audit.ActorID(ctx), s.now())
		return err
	})
}

// OfficialVersions are the text's drafts, newest first, without their
// bodies.
func (s *Store) OfficialVersions(ctx context.Context, id int64) ([]Version, error) {
	rows, _ := s.pool.Query(ctx, `
		select v.no, v.saved_at, coalesce(u.full_name, ''), coalesce(v.no = t.approved_version, false), v.no = t.current_version
		from press_official_text_versions v join press_official_texts t on t.id = v.text_id
		left join users u on u.id = v.saved_by
		where v.text_id = $1 order by v.no desc`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Version, error) {
		var v Version
		err := row.Scan(&v.No, &v.SavedAt, &v.SavedBy, &v.Approved, &v.IsCurrent)
		return v, err
	})
}

// OfficialVersionBody is draft no of text id.
func (s *Store) OfficialVersionBody(ctx context.Context, id int64, no int) (string, error) {
	var body string
	err := s.pool.QueryRow(ctx, `select body from press_official_text_versions where text_id = $1 and no = $2`, id, no).Scan(&body)
	return body, db.NotFound(err, "official text version")
}

// OfficialReviews are the head's decisions on the text, newest first.
func (s *Store) OfficialReviews(ctx context.Context, id int64) ([]Review, error) {
	rows, _ := s.pool.Query(ctx, `
		select v.version_no, v.decision, v.comment, coalesce(u.full_name, ''), v.decided_at
		from press_official_text_reviews v left join users u on u.id = v.decided_by
		where v.text_id = $1 order by v.id desc`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Review, error) {
		var r Review
		err := row.Scan(&r.VersionNo, &r.Decision, &r.Comment, &r.By, &r.At)
		return r, err
	})
}

// OfficialTimeline is the text's history, newest first.
func (s *Store) OfficialTimeline(ctx context.Context, id int64) ([]TimelineLine, error) {
	rows, _ := s.pool.Query(ctx, `
		select created_at, actor_name, action, summary from audit_log
		where entity = 'press_text' and entity_id = $1
		order by id desc limit 200`, strconv.FormatInt(id, 10))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (TimelineLine, error) {
		var l TimelineLine
		err := row.Scan(&l.At, &l.Actor, &l.Action, &l.Summary)
		return l, err
	})
}

// OfficialQuery is the library's filters and page.
type OfficialQuery struct {
	Q          string // every word in the occasion or the current draft, diacritic-blind
	Kind       OfficialKind
	Status     OfficialStatus
	OfficialID int64
	Year       int
	Open       bool // the department's work: not yet delivered, soonest needed first
	After      *OfficialCursor
}

// OfficialCursor is where a library page starts after: the last row's
// day needed and id.
type OfficialCursor struct {
	On time.Time
	ID int64
}

// OfficialPage is one page of the library.
type OfficialPage struct {
	Rows  []OfficialText
	Total int // up to CountBound+1
	Next  *OfficialCursor
}

// where is q's filters as SQL with their arguments, and the list's order
// with the comparison of its keyset.
func (q OfficialQuery) where() (where string, args []any, order, cmp string) {
	var conds []string
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	for i, w := range strings.Fields(q.Q) {
		if i == maxWords {
			break
		}
		add(`t.search like '%' || lower(prdesk_unaccent($?)) || '%'`, likeEscaper.Replace(w))
	}
	if q.Kind != "" {
		add(`t.kind = $?`, string(q.Kind))
	}
	if q.Status != "" {
		add(`t.status = $?`, string(q.Status))
	}
	if q.OfficialID != 0 {
		add(`t.official_id = $?`, q.OfficialID)
	}
	if q.Year != 0 {
		add(`t.needed_on >= make_date($?::int, 1, 1)`, q.Year)
		add(`t.needed_on < make_date($?::int + 1, 1, 1)`, q.Year)
	}
	if q.Open {
		conds = append(conds, `t.status in ('requested', 'drafting', 'approval', 'approved')`)
	}
	order, cmp = `t.needed_on desc, t.id desc`, `<`
	if q.Open {
		order, cmp = `t.needed_on, t.id`, `>`
	}
	return strings.Join(append(conds, "true"), " and "), args, order, cmp
}

// OfficialTextsExported is the most texts one export holds.
const OfficialTextsExported = 10000

// ExportOfficialTexts are the texts of q in the list's order, at most
// OfficialTextsExported, read in one transaction with the audit entry of
// who exported how many.
func (s *Store) ExportOfficialTexts(ctx context.Context, q OfficialQuery, format string) ([]OfficialText, error) {
	var out []OfficialText
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		where, args, order, _ := q.where()
		args = append(args, OfficialTextsExported)
		rows, _ := tx.Query(ctx, `select `+officialColumns+` from press_official_texts t where `+where+` order by `+order+
			` limit $`+strconv.Itoa(len(args)), args...)
		var err error
		if out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (OfficialText, error) { return scanOfficial(row) }); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "press_text", EntityID: "export", Action: "export",
			Summary: fmt.Sprintf("Oficiālo tekstu saraksts izgūts (%s, tekstu skaits: %d)", format, len(out)),
			Details: map[string]any{"q": q.Q, "kind": q.Kind, "status": q.Status, "year": q.Year}})
	})
	return out, err
}

// OfficialTexts is a page of the texts that match q: the library newest
// needed first, or the open ones soonest needed first.
func (s *Store) OfficialTexts(ctx context.Context, q OfficialQuery) (OfficialPage, error) {
	var p OfficialPage
	where, args, order, cmp := q.where()
	pageWhere, pageArgs := where, slices.Clone(args)
	if q.After != nil {
		pageArgs = append(pageArgs, q.After.On, q.After.ID)
		pageWhere += fmt.Sprintf(` and (t.needed_on, t.id) %s ($%d::date, $%d)`, cmp, len(pageArgs)-1, len(pageArgs))
	}
	pageArgs = append(pageArgs, PageSize+1)
	var b pgx.Batch
	b.Queue(`select `+officialColumns+` from press_official_texts t where `+pageWhere+` order by `+order+
		` limit $`+strconv.Itoa(len(pageArgs)), pageArgs...).Query(func(rows pgx.Rows) error {
		var err error
		p.Rows, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (OfficialText, error) { return scanOfficial(row) })
		return err
	})
	b.Queue(`select count(*) from (select 1 from press_official_texts t where `+where+` limit $`+strconv.Itoa(len(args)+1)+`) m`,
		append(slices.Clone(args), CountBound+1)...).QueryRow(func(row pgx.Row) error { return row.Scan(&p.Total) })
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return p, err
	}
	if len(p.Rows) > PageSize {
		p.Rows = p.Rows[:PageSize]
		last := p.Rows[PageSize-1]
		p.Next = &OfficialCursor{On: last.NeededOn, ID: last.ID}
	}
	return p, nil
}

// OfficialFilters are what the library's filters offer: the officials who
// have texts, and the years of the days needed, newest first.
func (s *Store) OfficialFilters(ctx context.Context) (officials []int64, years []int, err error) {
	rows, _ := s.pool.Query(ctx, `select distinct official_id from press_official_texts where official_id is not null`)
	if officials, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return nil, nil, err
	}
	// The years from the oldest day needed to the newest, by the index.
	var first, last *time.Time
	if err := s.pool.QueryRow(ctx, `select (select min(needed_on) from press_official_texts), (select max(needed_on) from press_official_texts)`).
		Scan(&first, &last); err != nil {
		return nil, nil, err
	}
	if first != nil && last != nil {
		for y := last.Year(); y >= first.Year(); y-- {
			years = append(years, y)
		}
	}
	return officials, years, nil
}

// EarlierTexts are the written texts of the same kind for the same
// occasion (case and diacritics aside) needed before this one, newest
// first: what the author may start from.
func (s *Store) EarlierTexts(ctx context.Context, t OfficialText) ([]OfficialText, error) {
	rows, _ := s.pool.Query(ctx, `select `+officialColumns+` from press_official_texts t
		where t.id <> $1 and t.kind = $2 and t.current_version > 0 and t.needed_on < $3
		  and lower(prdesk_unaccent(t.occasion)) = lower(prdesk_unaccent($4))
		order by t.needed_on desc, t.id desc limit 5`, t.ID, t.Kind, t.NeededOn, t.Occasion)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (OfficialText, error) { return scanOfficial(row) })
}

// StartedFrom are the texts begun from text id, newest needed first.
func (s *Store) StartedFrom(ctx context.Context, id int64) ([]OfficialText, error) {
	rows, _ := s.pool.Query(ctx, `select `+officialColumns+` from press_official_texts t where t.based_on_id = $1
		order by t.needed_on desc, t.id desc limit 20`, id)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (OfficialText, error) { return scanOfficial(row) })
}

// AwaitingShown is the most of each kind the approvals page lists.
const AwaitingShown = 200

// AwaitingApproval are the releases and the official texts sent for the
// head's approval, the longest waiting first.
func (s *Store) AwaitingApproval(ctx context.Context) ([]Release, []OfficialText, error) {
	rows, _ := s.pool.Query(ctx, `select `+releaseColumns+` from press_releases r where r.status = 'approval'
		order by r.updated_at, r.id limit $1`, AwaitingShown)
	releases, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Release, error) { return scanRelease(row) })
	if err != nil {
		return nil, nil, err
	}
	rows, _ = s.pool.Query(ctx, `select `+officialColumns+` from press_official_texts t where t.status = 'approval'
		order by t.needed_on, t.id limit $1`, AwaitingShown)
	texts, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (OfficialText, error) { return scanOfficial(row) })
	return releases, texts, err
}

// TextsDue are the texts not yet delivered needed from a month back on,
// for the calendar, soonest first.
func (s *Store) TextsDue(ctx context.Context) ([]OfficialText, error) {
	rows, _ := s.pool.Query(ctx, `select `+officialColumns+` from press_official_texts t
		where t.status <> 'delivered' and t.needed_on >= $1::date order by t.needed_on, t.id limit 1000`,
		s.now().AddDate(0, -1, 0).Format(time.DateOnly))
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (OfficialText, error) { return scanOfficial(row) })
}

// WaitingStatements is, for each emergency with statements waiting for the
// department's decision, how many wait and the earliest due, the soonest
// due first.
type WaitingStatements struct {
	EmergencyID int64
	Title       string
	Waiting     int
	FirstDue    time.Time
}

// StatementsWaiting are the emergencies with statements waiting.
func (s *Store) StatementsWaiting(ctx context.Context) ([]WaitingStatements, error) {
	rows, _ := s.pool.Query(ctx, `select e.id, e.title, count(*), min(p.due_at)
		from press_statements p join press_emergencies e on e.id = p.emergency_id
		where p.status = 'submitted' group by e.id, e.title order by min(p.due_at) limit 20`)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (WaitingStatements, error) {
		var w WaitingStatements
		err := row.Scan(&w.EmergencyID, &w.Title, &w.Waiting, &w.FirstDue)
		return w, err
	})
}
