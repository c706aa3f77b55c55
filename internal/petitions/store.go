package petitions

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/search"
	"github.com/daugavpils/prdesk/templates/layout"
)

// Store reads and writes the registry. Each exported method that writes is
// one use case in one transaction, with its audit entry, its timeline
// event, its mail and its job.
type Store struct {
	pool     *pgxpool.Pool
	now      func() time.Time
	calendar *calendar.Store // the app's one working-day calendar
	files    *files.Store
	jobs     *jobs.Client
	baseURL  string // without the trailing slash

	// names keeps what search texts stood for at one revision of the
	// dictionary: paging through a search, or coming back to it, reads the
	// revision along with the rows instead of looking the words up again.
	names  db.KeptMap[string, *nameSearch]
	people db.Kept[filterPeople] // who the list's filters offer, at the accounts' revision
	// commonTexts are the text searches found common lately: their next
	// page walks the list at once, without the words' index telling again
	// that they are (80 ms for "par sniega" at a million submissions).
	commonTexts *search.CommonWords
	// openDueFilled: 00203's backfill of the executors' open rows was seen
	// done, so AssignedTo reads them without asking again.
	openDueFilled atomic.Bool
}

// NewStore returns the registry's store on what d gives. A store that only
// reads the rules (the bench) needs no more than the pool.
func NewStore(d Deps) *Store {
	s := &Store{pool: d.Pool, now: d.Now, calendar: d.Calendar, files: d.Files, jobs: d.Jobs,
		baseURL: strings.TrimRight(d.BaseURL, "/"), names: db.KeptMap[string, *nameSearch]{Max: maxCachedNames}}
	if d.Now != nil {
		s.commonTexts = search.NewCommonWords(d.Now)
	}
	return s
}

const petitionColumns = `id, reg_number, case_id, received_at, channel, doc_type, anonymous, person_name,
	person_code, person_address, person_email, person_phone, has_eaddress, reply_channel, e_signed,
	addressee_id, subject, summary, pages, state, due_date, legal_due_date, extended, check_code,
	forwarded_to, unexamined_reason, joined_to_id, resolution_text, resolution_by, resolution_at,
	answered_on, closed_at, forward_due_date, forwarded_on_time, told_due_date, version, created_at, created_by`

// Get loads one submission; errs.NotFound when there is none.
func (s *Store) Get(ctx context.Context, q db.Querier, id int64) (*Petition, error) {
	rows, _ := q.Query(ctx, "select "+petitionColumns+" from petitions where id = $1", id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Petition])
	return p, db.NotFound(err, fmt.Sprintf("petition %d", id))
}

// getForUpdate locks one submission inside tx for a change.
func getForUpdate(ctx context.Context, tx pgx.Tx, id int64) (*Petition, error) {
	rows, _ := tx.Query(ctx, "select "+petitionColumns+" from petitions where id = $1 for update", id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Petition])
	return p, db.NotFound(err, fmt.Sprintf("petition %d", id))
}

// Readable loads a submission with how the viewer of ctx stands to it;
// errs.Forbidden when they may not read it.
func (s *Store) Readable(ctx context.Context, id int64) (*Petition, Actor, error) {
	return s.readable(ctx, s.pool, id)
}

// readable is Readable through q, for use inside a transaction.
func (s *Store) readable(ctx context.Context, q db.Querier, id int64) (*Petition, Actor, error) {
	p, err := s.Get(ctx, q, id)
	if err != nil {
		return nil, Actor{}, err
	}
	a, err := actorOf(ctx, q, p)
	if err != nil {
		return nil, Actor{}, err
	}
	if !CanRead(a.User, p, a.IsExecutor, s.now()) {
		return nil, Actor{}, fmt.Errorf("petition %d: %w", id, errs.Forbidden)
	}
	return p, a, nil
}

// actorOf is how the signed-in user of ctx stands to p.
func actorOf(ctx context.Context, q db.Querier, p *Petition) (Actor, error) {
	u := auth.UserFrom(ctx)
	a := Actor{User: u}
	if u == nil {
		return a, nil
	}
	a.IsAddressee = p.AddresseeID == u.ID
	err := q.QueryRow(ctx, `select exists(select 1 from petition_executors where petition_id = $1 and user_id = $2)`,
		p.ID, u.ID).Scan(&a.IsExecutor)
	return a, err
}

// Rules is the whole dated table of terms.
func (s *Store) Rules(ctx context.Context) ([]Rule, error) { return rulesQ(ctx, s.pool) }

// rulesQ is Rules read through q (a use case reads inside its transaction).
func rulesQ(ctx context.Context, q db.Querier) ([]Rule, error) {
	rows, _ := q.Query(ctx, `select id, kind, valid_from, amount, unit, basis_lv, basis_en, version
		from petition_deadline_rules order by kind, valid_from`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Rule])
}

// Calendar is the working-day calendar, for the days left on a list.
func (s *Store) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	return s.calendar.Load(ctx, s.pool)
}

// Case is one entry of the document classification scheme.
type Case struct {
	ID             int64  `db:"id"`
	CaseIndex      string `db:"case_index"`
	Title          string `db:"title"`
	RetentionYears *int   `db:"retention_years"` // nil: kept permanently
	ResponsibleID  *int64 `db:"responsible_id"`
	Responsible    string `db:"responsible"`
	Active         bool   `db:"active"`
	Version        int    `db:"version"`
}

// Cases lists the classification scheme, by case index.
func (s *Store) Cases(ctx context.Context) ([]Case, error) {
	rows, _ := s.pool.Query(ctx, `
		select c.id, c.case_index, c.title, c.retention_years, c.responsible_id,
		       coalesce(u.full_name, '') as responsible, c.active, c.version
		from doc_cases c left join users u on u.id = c.responsible_id
		order by c.case_index collate "lv-x-icu"`)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Case])
}

// Person is an account offered as an addressee or an executor.
type Person struct {
	ID       int64  `db:"id"`
	FullName string `db:"full_name"`
}

// PeopleWithRole lists the active accounts holding any of roles, by name.
func (s *Store) PeopleWithRole(ctx context.Context, roles ...auth.Role) ([]Person, error) {
	return peopleWithRole(ctx, s.pool, roles...)
}

// peopleWithRole is PeopleWithRole through q, for use inside a transaction.
func peopleWithRole(ctx context.Context, q db.Querier, roles ...auth.Role) ([]Person, error) {
	rows, _ := q.Query(ctx, `select id, full_name from users where active and roles && $1
		order by full_name collate "lv-x-icu"`, roles)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

// Executor is one person or unit a resolution names.
type Executor struct {
	ID       int64     `db:"id"`
	UserID   *int64    `db:"user_id"`
	FullName string    `db:"full_name"`
	Unit     string    `db:"unit"`
	DueDate  time.Time `db:"due_date"`
}

// executors lists those who carry out a submission's resolution.
func executors(ctx context.Context, q db.Querier, petitionID int64) ([]Executor, error) {
	rows, _ := q.Query(ctx, `
		select e.id, e.user_id, coalesce(u.full_name, '') as full_name, e.unit, e.due_date
		from petition_executors e left join users u on u.id = e.user_id
		where e.petition_id = $1 order by e.id`, petitionID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Executor])
}

// Event is one line of a submission's timeline.
type Event struct {
	ID        int64           `db:"id"`
	Kind      string          `db:"kind"`
	FromState *string         `db:"from_state"`
	ToState   *string         `db:"to_state"`
	Note      string          `db:"note"`
	Details   json.RawMessage `db:"details"`
	CreatedAt time.Time       `db:"created_at"`
	ActorName string          `db:"actor_name"`
}

// events is a submission's timeline, oldest first.
func events(ctx context.Context, q db.Querier, petitionID int64) ([]Event, error) {
	rows, _ := q.Query(ctx, `
		select e.id, e.kind, e.from_state, e.to_state, e.note, e.details, e.created_at,
		       coalesce(u.full_name, '') as actor_name
		from petition_events e left join users u on u.id = e.created_by
		where e.petition_id = $1 order by e.id`, petitionID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Event])
}

// AddEvent writes a line of the timeline inside tx, at the moment it
// happened, attributed to the user of ctx.
func AddEvent(ctx context.Context, tx pgx.Tx, at time.Time, petitionID int64, kind string, from, to State, note string, details any) error {
	var d []byte
	if details != nil {
		b, err := json.Marshal(details)
		if err != nil {
			return err
		}
		d = b
	}
	_, err := tx.Exec(ctx, `insert into petition_events (petition_id, kind, from_state, to_state, note, details, created_at, created_by)
		values ($1, $2, nullif($3, ''), nullif($4, ''), $5, $6, $7, $8)`,
		petitionID, kind, string(from), string(to), note, d, at, audit.ActorID(ctx))
	return err
}

// baseURLOf is where links in mail and letters point: the address of the
// request being served (BASE_URL, or the one the request came in at), or
// Deps.BaseURL outside a request (a job).
func (s *Store) baseURLOf(ctx context.Context) string {
	if b := layout.PageFrom(ctx).BaseURL; b != "" {
		return b
	}
	return s.baseURL
}

// lv is the Latvian catalogue: the audit log and the mail to residents are
// written in the state language, whatever the language of the screen.
var lv = i18n.WithLocale(context.Background(), "lv")

// record writes the audit entry of a change inside tx, attributed to the
// user of ctx (or the system). Every summary of the registry is made here,
// one way: a Latvian sentence from format and args, as fmt.Sprintf makes it.
// The administrator reads summaries (internal/audit): args name the record
// by its number or index and give dates, counts and the registry's fixed
// words, never what a person typed or uploaded (a name, a subject, a file
// name, a reason); that goes into details, which only those who may open
// the submission see, on its history.
func record(ctx context.Context, tx pgx.Tx, entity string, id any, action string, details any, format string, args ...any) error {
	return audit.Record(ctx, tx, audit.Entry{Entity: entity, EntityID: id, Action: action,
		Summary: fmt.Sprintf(format, args...), Details: details})
}
