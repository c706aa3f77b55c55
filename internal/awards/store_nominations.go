package awards

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/mail"
)

// The nominee's and the nominator's names are the directory's (the record
// kept, when merged) where the nomination names a contact, else as typed.
const (
	nomineeName = `coalesce((select k.name from contacts c join contacts k on k.id = coalesce(c.merged_into, c.id)
		where c.id = n.nominee_contact_id), n.nominee_name)`
	nominatorName = `coalesce((select k.name from contacts c join contacts k on k.id = coalesce(c.merged_into, c.id)
		where c.id = n.nominator_contact_id), n.nominator_name)`
)

const nominationColumns = `n.id, n.round_id, r.year, r.type_id, t.name, r.status, n.nominee_kind, n.nominee_contact_id, ` + nomineeName + `,
	n.nominee_birth_date, n.nominee_personal_code, n.nominator_kind, n.nominator_contact_id, ` + nominatorName + `,
	n.nominator_email, n.justification, n.citation, n.documents, n.consent_nominated, n.consent_publish, n.consent_on,
	n.source, n.laureate, n.personal_data_removed_at is not null, n.version, n.created_at, coalesce(n.idempotency_key, '')`

const nominationFrom = ` from award_nominations n join award_rounds r on r.id = n.round_id join award_types t on t.id = r.type_id`

func scanNomination(row pgx.Row) (Nomination, error) {
	var n Nomination
	err := row.Scan(&n.ID, &n.RoundID, &n.RoundYear, &n.TypeID, &n.TypeName, &n.RoundStatus, &n.NomineeKind, &n.NomineeContactID,
		&n.NomineeName, &n.NomineeBirthDate, &n.NomineePersonalCode, &n.NominatorKind, &n.NominatorContactID, &n.NominatorName,
		&n.NominatorEmail, &n.Justification, &n.Citation, &n.Documents, &n.ConsentNominated, &n.ConsentPublish, &n.ConsentOn,
		&n.Source, &n.Laureate, &n.Removed, &n.Version, &n.CreatedAt, &n.IdempotencyKey)
	return n, err
}

func collectNominations(rows pgx.Rows, err error) ([]Nomination, error) {
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Nomination, error) { return scanNomination(row) })
}

// Nomination reads one nomination.
func (s *Store) Nomination(ctx context.Context, id int64) (Nomination, error) {
	return nomination(ctx, s.pool, id)
}

func nomination(ctx context.Context, q db.Querier, id int64) (Nomination, error) {
	n, err := scanNomination(q.QueryRow(ctx, `select `+nominationColumns+nominationFrom+` where n.id = $1`, id))
	return n, db.NotFound(err, "award nomination")
}

// OpenNomination reads one nomination for its card, and writes to the audit
// log who opened it: a nomination holds the nominee's personal data.
func (s *Store) OpenNomination(ctx context.Context, id int64) (Nomination, error) {
	var n Nomination
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		if n, err = nomination(ctx, tx, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_nomination", EntityID: id, Action: "view",
			Summary: fmt.Sprintf("Izvirzīšana #%d: atvērta", id)})
	})
	return n, err
}

// RoundNominations are the round's nominations in the order they came.
func (s *Store) RoundNominations(ctx context.Context, roundID int64) ([]Nomination, error) {
	return collectNominations(s.pool.Query(ctx, `select `+nominationColumns+nominationFrom+` where n.round_id = $1 order by n.id`, roundID))
}

// ByIdempotencyKey finds the nomination a form already created.
func (s *Store) ByIdempotencyKey(ctx context.Context, key string) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `select id from award_nominations where idempotency_key = $1`, key).Scan(&id)
	return id, db.NotFound(err, "award nomination by idempotency key")
}

// Past are the nominations the eligibility of n is checked against: those
// of the same folded name in n's round and the laureates of n's award type.
func (s *Store) Past(ctx context.Context, n Nomination) ([]Past, error) { return past(ctx, s.pool, n) }

func past(ctx context.Context, q db.Querier, n Nomination) ([]Past, error) {
	key := NameKey(n.NomineeName)
	if key == "" {
		return nil, nil
	}
	rows, err := q.Query(ctx, `select n.id, n.round_id, r.type_id, r.year, n.name_key, n.nominee_birth_date,
			n.nominee_personal_code, n.laureate
		from award_nominations n join award_rounds r on r.id = n.round_id
		where n.name_key = $1 and n.id <> $2 and (n.round_id = $3 or (r.type_id = $4 and n.laureate))
		order by r.year desc, n.id`, key, n.ID, n.RoundID, n.TypeID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Past, error) {
		var p Past
		return p, row.Scan(&p.NominationID, &p.RoundID, &p.TypeID, &p.Year, &p.NameKey, &p.BirthDate, &p.PersonalCode, &p.Laureate)
	})
}

// Problems is the eligibility of nomination n, checked now.
func (s *Store) Problems(ctx context.Context, n Nomination) ([]Problem, error) {
	t, err := s.Type(ctx, n.TypeID)
	if err != nil {
		return nil, err
	}
	ps, err := s.Past(ctx, n)
	if err != nil {
		return nil, err
	}
	return Eligibility(t, Round{ID: n.RoundID, TypeID: n.TypeID, Year: n.RoundYear}, n, ps), nil
}

func refuseNomination(err error) error {
	switch {
	case db.IsUnique(err, "award_nominations_idempotency_key_key"):
		return ErrDuplicateKey
	case db.IsForeignKey(err, "award_nominations_nominee_contact_id_fkey"):
		return errs.Field("nominee_id", "awards.err_unknown_contact")
	case db.IsForeignKey(err, "award_nominations_nominator_contact_id_fkey"):
		return errs.Field("nominator_id", "awards.err_unknown_contact")
	}
	return err
}

// resolveNames puts on n the directory's names of its contacts (checked
// to be in the directory, of the right kind), for its name key.
func (s *Store) resolveNames(ctx context.Context, tx pgx.Tx, n *Nomination) error {
	if n.NomineeContactID != nil {
		kind := contacts.Person
		if n.NomineeKind == Organisation {
			kind = contacts.Organisation
		}
		if err := contacts.Exists(ctx, tx, *n.NomineeContactID, kind, "nominee_id"); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `select k.name from contacts c join contacts k on k.id = coalesce(c.merged_into, c.id)
			where c.id = $1`, *n.NomineeContactID).Scan(&n.NomineeName); err != nil {
			return err
		}
	}
	if n.NominatorContactID != nil {
		kind := contacts.Person
		if n.NominatorKind != ByPerson {
			kind = contacts.Organisation
		}
		if err := contacts.Exists(ctx, tx, *n.NominatorContactID, kind, "nominator_id"); err != nil {
			return err
		}
	}
	return nil
}

// stored is the typed name the nomination keeps: none when the directory names it.
func stored(contactID *int64, name string) string {
	if contactID != nil {
		return ""
	}
	return name
}

// CreateNomination saves a new nomination of an open or closed round with
// its documents, and returns its id. A public one (n.Source "public")
// queues the confirmation to the nominator in the same transaction.
func (s *Store) CreateNomination(ctx context.Context, n Nomination, docs []*files.Staged, confirm *mail.Message) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		rd, err := round(ctx, tx, n.RoundID)
		if err != nil {
			return err
		}
		if n.Source == "public" && !rd.Accepting(s.today()) {
			return errs.Field("nominee_name", "awards.public.closed")
		}
		if rd.Status.AtLeast(Judged) {
			return errs.Field("nominee_id", "awards.err_round_judged")
		}
		if err := s.resolveNames(ctx, tx, &n); err != nil {
			return err
		}
		if n.Source == "" {
			n.Source = "staff"
		}
		err = tx.QueryRow(ctx, `insert into award_nominations (round_id, nominee_kind, nominee_contact_id, nominee_name,
				nominee_birth_date, nominee_personal_code, nominator_kind, nominator_contact_id, nominator_name, nominator_email,
				justification, citation, documents, consent_nominated, consent_publish, consent_on, source, name_key,
				idempotency_key, created_at, updated_at, created_by)
			values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21)
			returning id`,
			n.RoundID, n.NomineeKind, n.NomineeContactID, stored(n.NomineeContactID, n.NomineeName), n.NomineeBirthDate,
			n.NomineePersonalCode, n.NominatorKind, n.NominatorContactID, stored(n.NominatorContactID, n.NominatorName),
			n.NominatorEmail, n.Justification, n.Citation, nonNil(n.Documents), n.ConsentNominated, n.ConsentPublish,
			n.ConsentOn, n.Source, NameKey(n.NomineeName), keyOrNil(n.IdempotencyKey), s.now(), audit.ActorID(ctx)).Scan(&id)
		if err != nil {
			return refuseNomination(err)
		}
		if err := s.saveDocs(ctx, tx, id, docs); err != nil {
			return err
		}
		if err := s.recordUses(ctx, tx, id, Nomination{}, n); err != nil {
			return err
		}
		if confirm != nil {
			confirm.Entity, confirm.EntityID = "award_nomination", strconv.FormatInt(id, 10)
			if _, err := mail.Enqueue(ctx, tx, s.jobs, *confirm); err != nil {
				return err
			}
		}
		action, summary := "create", "reģistrēta"
		if n.Source == "public" {
			action, summary = "award_public", "saņemta pa publisko saiti"
		}
		if len(docs) > 0 {
			summary += fmt.Sprintf(", dokumenti: %d", len(docs))
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_nomination", EntityID: id, Action: action,
			Summary: fmt.Sprintf("Izvirzīšana #%d (kārta #%d): %s", id, n.RoundID, summary)})
	})
	return id, err
}

func (s *Store) saveDocs(ctx context.Context, tx pgx.Tx, id int64, docs []*files.Staged) error {
	for _, d := range docs {
		f, err := s.files.SaveStaged(ctx, tx, d)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `insert into award_nomination_files (nomination_id, file_id, created_at) values ($1, $2, $3)
			on conflict do nothing`, id, f.ID, s.now()); err != nil {
			return err
		}
	}
	return nil
}

// UpdateNomination saves n (n.ID, n.Version as the form was drawn) with
// more documents.
func (s *Store) UpdateNomination(ctx context.Context, n Nomination, docs []*files.Staged) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		old, err := nomination(ctx, tx, n.ID)
		if err != nil {
			return err
		}
		if old.Removed {
			return errs.Field("nominee_id", "awards.err_removed")
		}
		if err := s.resolveNames(ctx, tx, &n); err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `update award_nominations set nominee_kind = $3, nominee_contact_id = $4, nominee_name = $5,
				nominee_birth_date = $6, nominee_personal_code = $7, nominator_kind = $8, nominator_contact_id = $9,
				nominator_name = $10, nominator_email = $11, justification = $12, citation = $13, documents = $14,
				consent_nominated = $15, consent_publish = $16, consent_on = $17, name_key = $18, updated_at = $19,
				version = version + 1
			where id = $1 and version = $2`,
			n.ID, n.Version, n.NomineeKind, n.NomineeContactID, stored(n.NomineeContactID, n.NomineeName), n.NomineeBirthDate,
			n.NomineePersonalCode, n.NominatorKind, n.NominatorContactID, stored(n.NominatorContactID, n.NominatorName),
			n.NominatorEmail, n.Justification, n.Citation, nonNil(n.Documents), n.ConsentNominated, n.ConsentPublish,
			n.ConsentOn, NameKey(n.NomineeName), s.now())
		if err := db.Versioned(tag, refuseNomination(err)); err != nil {
			if _, ok := errs.AsField(err); !ok && errors.Is(err, errs.Conflict) {
				return errs.FieldConflict("justification", "errors.conflict")
			}
			return err
		}
		if err := s.saveDocs(ctx, tx, n.ID, docs); err != nil {
			return err
		}
		if err := s.recordUses(ctx, tx, n.ID, old, n); err != nil {
			return err
		}
		e := audit.Entry{Entity: "award_nomination", EntityID: n.ID, Action: "update", Summary: fmt.Sprintf("Izvirzīšana #%d: labota", n.ID)}
		e.Details = audit.Diff([][3]any{{"nominee_contact_id", ptr(old.NomineeContactID), ptr(n.NomineeContactID)},
			{"nominator_contact_id", ptr(old.NominatorContactID), ptr(n.NominatorContactID)}, {"documents", old.Documents, n.Documents},
			{"consent_nominated", old.ConsentNominated, n.ConsentNominated}, {"consent_publish", old.ConsentPublish, n.ConsentPublish},
			{"consent_on", dayPtr(old.ConsentOn), dayPtr(n.ConsentOn)}, {"files_added", 0, len(docs)}})
		return audit.Record(ctx, tx, e)
	})
}

func ptr[T any](p *T) any {
	if p == nil {
		return nil
	}
	return *p
}

// recordUses writes to the directory what the nomination's contacts are
// to it, and forgets what those of old no longer are.
func (s *Store) recordUses(ctx context.Context, tx pgx.Tx, id int64, old, n Nomination) error {
	if s.contacts == nil {
		return nil
	}
	ref := strconv.FormatInt(id, 10)
	pairs := []struct {
		before, after *int64
		kind          string
	}{{old.NomineeContactID, n.NomineeContactID, "nominee"}, {old.NominatorContactID, n.NominatorContactID, "nominator"}}
	for _, p := range pairs {
		if p.before != nil && (p.after == nil || *p.after != *p.before) {
			if err := s.contacts.ForgetUse(ctx, tx, *p.before, "awards", p.kind, ref); err != nil {
				return err
			}
		}
		if p.after != nil && (p.before == nil || *p.after != *p.before) {
			if err := s.contacts.RecordUse(ctx, tx, *p.after, "awards", p.kind, ref); err != nil {
				return err
			}
		}
	}
	return nil
}

// NominationFile is a nomination's document.
type NominationFile struct {
	ID   int64
	Name string
	Size int64
	At   time.Time
}

// Files are the nomination's documents.
func (s *Store) Files(ctx context.Context, id int64) ([]NominationFile, error) {
	rows, err := s.pool.Query(ctx, `select f.id, f.name, f.size, nf.created_at from award_nomination_files nf
		join files f on f.id = nf.file_id where nf.nomination_id = $1 order by nf.created_at, f.id`, id)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (NominationFile, error) {
		var f NominationFile
		return f, row.Scan(&f.ID, &f.Name, &f.Size, &f.At)
	})
}

// NominationFileOf tells whether fileID is a document of nomination id.
func (s *Store) NominationFileOf(ctx context.Context, id, fileID int64) error {
	var ok bool
	err := s.pool.QueryRow(ctx, `select true from award_nomination_files where nomination_id = $1 and file_id = $2`, id, fileID).Scan(&ok)
	return db.NotFound(err, "award nomination file")
}

// ---- The list of nominations across rounds

// ListQuery is the nominations list's filters and page.
type ListQuery struct {
	Q        string // the starts of words of the nominee's name, diacritic-blind (NameQuery)
	TypeID   int64
	Year     int
	Laureate string // "", "yes", "no"
	Source   string // "", "staff", "public"
	After    int64  // the id the page starts after (newest first)
}

// PageSize is how many nominations a page of the list shows.
const PageSize = 50

// CountBound is how far the list counts: past it, "more than".
const CountBound = 1000

// SearchCountBound is how far a search counts: its matches are spread
// over the table, so each one counted is a page of the heap read; past
// it, "more than".
const SearchCountBound = 100

// MaxSearch is the longest search the list takes.
const MaxSearch = 100

// ListPage is one page of the list.
type ListPage struct {
	Rows  []Nomination
	Total int
	Bound int   // how far Total counts: past it, "more than"
	Next  int64 // 0: no next page
}

// nameMatches is the condition that a NameQuery (its argument) matches the
// starts of the words of the nominee's name, as the index of migration
// 00197 keeps them: spelled exactly as there, so that the planner uses it.
const nameMatches = `prdesk_search_words(n.name_key) @@ to_tsquery('simple'::regconfig, %s)`

// where is q's filters as SQL with their arguments: only those set, so
// that each query's plan fits it (a generic plan of "$1 = ” or …" walks
// every round's nominations).
func (q ListQuery) where() (string, []any) {
	conds := []string{"true"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if nq := NameQuery(q.Q); nq != "" {
		conds = append(conds, fmt.Sprintf(nameMatches, arg(nq)))
	}
	if q.TypeID != 0 {
		conds = append(conds, "r.type_id = "+arg(q.TypeID))
	}
	if q.Year != 0 {
		conds = append(conds, "r.year = "+arg(q.Year))
	}
	if q.Laureate != "" {
		conds = append(conds, "n.laureate = "+arg(q.Laureate == "yes"))
	}
	if q.Source != "" {
		conds = append(conds, "n.source = "+arg(q.Source))
	}
	return strings.Join(conds, " and "), args
}

// List is one page of the nominations that match q, newest first, with how
// many match (up to CountBound+1).
func (s *Store) List(ctx context.Context, q ListQuery) (ListPage, error) {
	p := ListPage{Bound: CountBound}
	if NameQuery(q.Q) != "" {
		p.Bound = SearchCountBound
	}
	where, args := q.where()
	page := where
	pageArgs := append([]any{}, args...)
	if q.After != 0 {
		pageArgs = append(pageArgs, q.After)
		page += " and n.id < $" + strconv.Itoa(len(pageArgs))
	}
	pageArgs = append(pageArgs, PageSize+1)
	var b pgx.Batch
	b.Queue(`select `+nominationColumns+nominationFrom+` where `+page+`
		order by n.id desc limit $`+strconv.Itoa(len(pageArgs)), pageArgs...).Query(func(rows pgx.Rows) error {
		var err error
		p.Rows, err = collectNominations(rows, nil)
		return err
	})
	b.Queue(`select count(*) from (select 1`+nominationFrom+` where `+where+` limit $`+strconv.Itoa(len(args)+1)+`) m`,
		append(args, p.Bound+1)...).QueryRow(func(row pgx.Row) error { return row.Scan(&p.Total) })
	if err := s.pool.SendBatch(ctx, &b).Close(); err != nil {
		return p, err
	}
	if len(p.Rows) > PageSize {
		p.Rows = p.Rows[:PageSize]
		p.Next = p.Rows[PageSize-1].ID
	}
	return p, nil
}

// Export gives every nomination that matches q to each, newest first, and
// writes who exported how many to the audit log in the same transaction.
func (s *Store) Export(ctx context.Context, q ListQuery, format string, each func(Nomination) error) (int, error) {
	n := 0
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		where, args := q.where()
		rows, err := tx.Query(ctx, `select `+nominationColumns+nominationFrom+` where `+where+` order by n.id desc limit 100000`, args...)
		all, err := collectNominations(rows, err)
		if err != nil {
			return err
		}
		for _, x := range all {
			if err := each(x); err != nil {
				return err
			}
			n++
		}
		return audit.Record(ctx, tx, audit.Entry{Entity: "award_nomination", EntityID: "export", Action: "export",
			Summary: fmt.Sprintf("Izvirzīšanu saraksts izgūts (%s, izvirzīšanu skaits: %d)", format, n),
			Details: map[string]any{"q": q.Q, "type_id": q.TypeID, "year": q.Year, "laureate": q.Laureate, "source": q.Source}})
	})
	return n, err
}
