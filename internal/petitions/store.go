package petitions

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

// Store reads and writes the registry.
type Store struct {
	pool   *pgxpool.Pool
	names  nameCache  // what name searches stood for
	people keptPeople // who the list's filters offer
}

// NewStore returns the registry's store.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

const petitionColumns = `id, reg_number, case_id, received_at, channel, doc_type, anonymous, person_name,
	person_code, person_address, person_email, person_phone, has_eaddress, reply_channel, e_signed,
	addressee_id, subject, summary, pages, state, due_date, legal_due_date, extended, check_code,
	forwarded_to, unexamined_reason, joined_to_id, resolution_text, resolution_by, resolution_at,
	answered_on, closed_at, version, created_at, created_by`

// Get loads one submission; errs.NotFound when there is none.
func (s *Store) Get(ctx context.Context, q db.Querier, id int64) (*Petition, error) {
	rows, _ := q.Query(ctx, "select "+petitionColumns+" from petitions where id = $1", id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Petition])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errs.NotFound
	}
	return p, err
}

// GetForUpdate locks one submission inside tx for a change.
func (s *Store) GetForUpdate(ctx context.Context, tx pgx.Tx, id int64) (*Petition, error) {
	rows, _ := tx.Query(ctx, "select "+petitionColumns+" from petitions where id = $1 for update", id)
	p, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Petition])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errs.NotFound
	}
	return p, err
}

// Rules is the whole dated table of terms.
func (s *Store) Rules(ctx context.Context) ([]Rule, error) { return rulesQ(ctx, s.pool) }

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

// Executors lists those who carry out a submission's resolution.
func (s *Store) Executors(ctx context.Context, q db.Querier, petitionID int64) ([]Executor, error) {
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

// Events is a submission's timeline, oldest first.
func (s *Store) Events(ctx context.Context, q db.Querier, petitionID int64) ([]Event, error) {
	rows, _ := q.Query(ctx, `
		select e.id, e.kind, e.from_state, e.to_state, e.note, e.details, e.created_at,
		       coalesce(u.full_name, '') as actor_name
		from petition_events e left join users u on u.id = e.created_by
		where e.petition_id = $1 order by e.id`, petitionID)
	return pgx.CollectRows(rows, pgx.RowToStructByName[Event])
}

// AddEvent writes a line of the timeline inside tx, attributed to the user of ctx.
func AddEvent(ctx context.Context, tx pgx.Tx, petitionID int64, kind string, from, to State, note string, details any) error {
	var d []byte
	if details != nil {
		b, err := json.Marshal(details)
		if err != nil {
			return err
		}
		d = b
	}
	var by *int64
	if u := auth.UserFrom(ctx); u != nil {
		by = &u.ID
	}
	_, err := tx.Exec(ctx, `insert into petition_events (petition_id, kind, from_state, to_state, note, details, created_by)
		values ($1, $2, nullif($3, ''), nullif($4, ''), $5, $6, $7)`,
		petitionID, kind, string(from), string(to), note, d, by)
	return err
}

// IsExecutor tells whether user is named in the submission's resolution.
func (s *Store) IsExecutor(ctx context.Context, q db.Querier, petitionID, userID int64) (bool, error) {
	var ok bool
	err := q.QueryRow(ctx, `select exists(select 1 from petition_executors where petition_id = $1 and user_id = $2)`,
		petitionID, userID).Scan(&ok)
	return ok, err
}

// Calendar loads the working-day calendar for deadline arithmetic.
func (h *Handler) loadCalendar(ctx context.Context) (*calendar.Calendar, error) {
	return h.calendar.Load(ctx, h.deps.Pool)
}

// CanRead says whether u may see the content of p: staff and the head, the
// addressee, its executors and the director; the clerk only what they
// registered today; nobody else (the system administrator sees none).
func CanRead(u *auth.User, p *Petition, isExecutor bool, now time.Time) bool {
	switch {
	case u == nil:
		return false
	case u.Has(auth.RoleStaff), u.Has(auth.RoleHead), u.Has(auth.RoleDirector):
		return true
	case p.AddresseeID == u.ID, isExecutor:
		return true
	case u.Has(auth.RoleClerk):
		return p.CreatedBy != nil && *p.CreatedBy == u.ID && calendar.DateOf(p.CreatedAt).Equal(calendar.DateOf(now))
	}
	return false
}
