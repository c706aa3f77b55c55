// Package visitorstest builds the rows a test of the visitors area needs:
// an official with reception hours (linked to a demo account, if the test
// signs in as one), a booking in a state, a ticket in the queue, a
// waiting-list entry, a logged visit, a calendar feed's address; a store
// with a clock the test sets; and RouteSamples, the area's records for the
// route × role test.
//
// The package's tests share one database: every builder makes rows of its
// own, and an official leaves the lists (inactive, linked to no account)
// when the test that made it ends.
package visitorstest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// Riga is a wall-clock time in Riga.
func Riga(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, i18n.Riga)
}

// Date is a date as the area keeps one: midnight UTC.
func Date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// Monday is the morning the tests' clocks stand at unless a test says
// otherwise: Monday 2 November 2026, 09:00 in Riga, two days before the
// Wednesday reception of NewOfficial's official.
var Monday = Riga(2026, 11, 2, 9, 0)

// Wednesday is a reception time of NewOfficial's official: 4 November 2026
// at h:m in Riga.
func Wednesday(h, m int) time.Time { return Riga(2026, 11, 4, h, m) }

// Room is where the fixtures' officials receive.
const Room = "Domes ēka, 2. stāvs, 221. kab."

// Clock is a clock a test sets; it stands still between sets.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock is a clock standing at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the time the clock stands at.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Store is the area's store as a test uses it: its clock stands at Monday
// until the test sets it, and its mail is queued for a job client that runs
// nothing (mail.ForEntity reads it back).
type Store struct {
	*visitors.Store
	Pool  *pgxpool.Pool
	Jobs  *jobs.Client
	Clock *Clock
}

// NewStore is a store on pool for one test.
func NewStore(t testing.TB, pool *pgxpool.Pool) Store {
	t.Helper()
	reg := jobs.NewRegistry()
	quiet := slog.New(slog.DiscardHandler)
	if err := mail.Register(reg, pool, mail.Config{From: "prdesk@daugavpils.lv", Demo: true, Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	client, err := jobs.New(pool, reg, jobs.Options{Logger: quiet, TestOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	clock := NewClock(Monday)
	s := visitors.NewStore(visitors.Deps{Pool: pool, Jobs: client, Calendar: calendar.NewStore(pool), Now: clock.Now})
	return Store{Store: s, Pool: pool, Jobs: client, Clock: clock}
}

// inTx runs fn in a transaction, failing the test on an error.
func inTx(t testing.TB, pool *pgxpool.Pool, fn func(ctx context.Context, tx pgx.Tx) error) {
	t.Helper()
	ctx := context.Background()
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return fn(ctx, tx) }); err != nil {
		t.Fatal(err)
	}
}

// Weekly is a rule of every week on day from start to end in 15-minute
// slots in Room, from 1 January 2026 on; AddOfficial fills in the official.
func Weekly(day time.Weekday, start, end visitors.Clock) visitors.Rule {
	return visitors.Rule{Kind: visitors.Weekly, Weekday: day, EveryWeeks: 1, Start: start, End: end, Room: Room,
		SlotMinutes: 15, ValidFrom: Date(2026, 1, 1)}
}

// AddOfficial adds o, active, with its rules (Weekly's, say), and takes it
// off the lists when the test ends. A Kind left empty is a deputy's.
func AddOfficial(t testing.TB, pool *pgxpool.Pool, o visitors.Official, rules ...visitors.Rule) int64 {
	t.Helper()
	if o.Kind == "" {
		o.Kind = visitors.Deputy
	}
	var id int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		var err error
		if id, err = visitors.InsertOfficial(ctx, tx, o); err != nil {
			return err
		}
		for _, r := range rules {
			r.OfficialID = id
			if _, err := visitors.InsertRule(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})
	t.Cleanup(func() {
		if _, err := pool.Exec(context.Background(), `update visit_officials set active = false, user_id = null where id = $1`, id); err != nil {
			t.Error(err)
		}
	})
	return id
}

// NewOfficial adds a deputy named name who receives on Wednesdays
// 10:00–12:00 in 15-minute slots in Room from 1 January 2026, with
// 2 December 2026 cancelled (18 November is Proclamation Day).
func NewOfficial(t testing.TB, pool *pgxpool.Pool, name string) int64 {
	t.Helper()
	id := AddOfficial(t, pool, visitors.Official{Name: name, Position: "Domes deputāts"},
		Weekly(time.Wednesday, visitors.At(10, 0), visitors.At(12, 0)))
	AddCancellation(t, pool, id, Date(2026, 12, 2), "Komandējums")
	return id
}

// AddExtra adds a one-off session of official on day from start to end,
// in slots of slot minutes in Room.
func AddExtra(t testing.TB, pool *pgxpool.Pool, official int64, day time.Time, start, end visitors.Clock, slot int) int64 {
	t.Helper()
	var id int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		var err error
		id, err = visitors.InsertExtra(ctx, tx, visitors.Extra{OfficialID: official, Day: day, Start: start, End: end,
			Room: Room, SlotMinutes: slot})
		return err
	})
	return id
}

// AddCancellation cancels official's reception on day.
func AddCancellation(t testing.TB, pool *pgxpool.Pool, official int64, day time.Time, reason string) int64 {
	t.Helper()
	var id int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		var err error
		id, err = visitors.InsertCancellation(ctx, tx, visitors.Cancellation{OfficialID: official, Day: day, Reason: reason})
		return err
	})
	return id
}

// Link makes the demo account username (chair, deputy) official's for the
// test: the account's own reception is this official's. The official who
// had the account before has it again when the test ends.
func Link(t testing.TB, pool *pgxpool.Pool, username string, official int64) {
	t.Helper()
	ctx := context.Background()
	var user int64
	if err := pool.QueryRow(ctx, `select id from users where username = $1`, username).Scan(&user); err != nil {
		t.Fatalf("account %s: %v", username, err)
	}
	var before []int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		rows, _ := tx.Query(ctx, `update visit_officials set user_id = null where user_id = $1 returning id`, user)
		var err error
		if before, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `update visit_officials set user_id = $2 where id = $1`, official, user)
		return err
	})
	t.Cleanup(func() {
		inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
			if _, err := tx.Exec(ctx, `update visit_officials set user_id = null where id = $1 and user_id = $2`, official, user); err != nil {
				return err
			}
			_, err := tx.Exec(ctx, `update visit_officials set user_id = $2 where id = any($1) and user_id is null`, before, user)
			return err
		})
	})
}

// Booking is a booking as a fixture makes it: only OfficialID and Start
// are needed.
type Booking struct {
	OfficialID int64
	Start      time.Time
	Minutes    int            // 15 when 0
	State      visitors.State // booked when ""
	Name       string         // "Anna Kalniņa" when ""
	Phone      string         // "+37120000000" when neither Phone nor Email is given
	Email      string
	Topic      string // "Ielas apgaismojums" when ""
	Language   string // "lv" when ""
}

// AddBooking writes b as it stands, with its first history line, past the
// rules a booking made through the store must keep: a past or a done
// booking, say.
func AddBooking(t testing.TB, pool *pgxpool.Pool, b Booking) int64 {
	t.Helper()
	if b.Minutes == 0 {
		b.Minutes = 15
	}
	if b.State == "" {
		b.State = visitors.Booked
	}
	if b.Name == "" {
		b.Name = "Anna Kalniņa"
	}
	if b.Phone == "" && b.Email == "" {
		b.Phone = "+37120000000"
	}
	if b.Topic == "" {
		b.Topic = "Ielas apgaismojums"
	}
	if b.Language == "" {
		b.Language = "lv"
	}
	var id int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			insert into visit_bookings (official_id, slot, room, state, visitor_name, phone, email, topic, language)
			values ($1, tstzrange($2, $3, '[)'), $4, $5, $6, $7, $8, $9, $10) returning id`,
			b.OfficialID, b.Start, b.Start.Add(time.Duration(b.Minutes)*time.Minute), Room, b.State, b.Name, b.Phone,
			b.Email, b.Topic, b.Language).Scan(&id)
		if err != nil {
			return fmt.Errorf("fixture booking: %w", err)
		}
		_, err = tx.Exec(ctx, `insert into visit_booking_events (booking_id, actor_name, action, state) values ($1, 'test', 'booked', $2)`,
			id, b.State)
		return err
	})
	return id
}

// AddTicket puts a ticket in official's queue of the date of day, in
// state: the booking's (booking not 0) or a walk-in's. It takes the next
// number of the day, as a check-in does.
func AddTicket(t testing.TB, pool *pgxpool.Pool, official int64, day time.Time, booking int64, state visitors.QueueState) int64 {
	t.Helper()
	d := calendar.DateOf(day)
	var bookingID *int64
	if booking != 0 {
		bookingID = &booking
	}
	var id int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		var n int
		var letter string
		err := tx.QueryRow(ctx, `
			insert into visit_queue_counters (official_id, day, letter, last) values ($1, $2, 'T', 1)
			on conflict (official_id, day) do update set last = visit_queue_counters.last + 1
			returning last, letter`, official, d).Scan(&n, &letter)
		if err != nil {
			return err
		}
		return tx.QueryRow(ctx, `
			insert into visit_queue (official_id, day, number, ticket, booking_id, walk_in, visitor_name, topic, room, state,
			                         checked_in_at, called_at, done_at)
			values ($1, $2, $3, $4, $5, $5::bigint is null, case when $5::bigint is null then 'Jānis Bērziņš' else '' end,
			        case when $5::bigint is null then 'Ietves remonts' else '' end, $6, $7::text, $8::timestamptz,
			        case when $7::text in ('waiting', 'left') then null else $8::timestamptz end,
			        case when $7::text in ('done', 'left') then $8::timestamptz end) returning id`,
			official, d, n, fmt.Sprintf("%s-%03d", letter, n), bookingID, Room, state, day).Scan(&id)
	})
	return id
}

// AddWaiting puts name, reachable by phone, on official's waiting list.
func AddWaiting(t testing.TB, pool *pgxpool.Pool, official int64, name, phone string) int64 {
	t.Helper()
	var id int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		return tx.QueryRow(ctx, `insert into visit_waitlist (official_id, visitor_name, phone, topic) values ($1, $2, $3, 'Dzīvokļa rinda')
			returning id`, official, name, phone).Scan(&id)
	})
	return id
}

// AddVisit logs a visitor who came at came to see official, not yet gone.
// It writes the log alone: the counts the statistics read are LogVisit's.
func AddVisit(t testing.TB, pool *pgxpool.Pool, official int64, came time.Time) int64 {
	t.Helper()
	var id int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		return tx.QueryRow(ctx, `insert into visit_log (came_at, person_name, whom_official_id, purpose) values ($1, 'Ilze Vītola', $2, 'Iesniegums')
			returning id`, came, official).Scan(&id)
	})
	return id
}

// AddFeed gives official a calendar feed's address and returns its token.
func AddFeed(t testing.TB, pool *pgxpool.Pool, official int64) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	tok := base64.RawURLEncoding.EncodeToString(b)
	sum := sha256.Sum256([]byte(tok))
	if _, err := pool.Exec(context.Background(), `update visit_officials set ical_token_hash = $2 where id = $1`, official, sum[:]); err != nil {
		t.Fatal(err)
	}
	return tok
}

// AddRule adds r (Weekly's, say) to official's reception hours.
func AddRule(t testing.TB, pool *pgxpool.Pool, official int64, r visitors.Rule) int64 {
	t.Helper()
	r.OfficialID = official
	var id int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		var err error
		id, err = visitors.InsertRule(ctx, tx, r)
		return err
	})
	return id
}

// AddStep records that the demo account username marked booking (of
// official) from state before to where it stands now, a step the account
// may undo (as a no-show is), taken now by the machine's clock.
func AddStep(t testing.TB, pool *pgxpool.Pool, username string, official, booking int64, before visitors.State) int64 {
	t.Helper()
	var id int64
	inTx(t, pool, func(ctx context.Context, tx pgx.Tx) error {
		var version int
		if err := tx.QueryRow(ctx, `select version from visit_bookings where id = $1`, booking).Scan(&version); err != nil {
			return err
		}
		undo := fmt.Sprintf(`{"bookings": [{"id": %d, "after": %d, "state": %q}]}`, booking, version, before)
		return tx.QueryRow(ctx, `
			insert into visit_queue_steps (official_id, day, booking_id, action, booking_version, undo, at, created_by)
			values ($1, current_date, $2, 'no_show', $3, $4, now(), (select id from users where username = $5)) returning id`,
			official, booking, version, undo, username).Scan(&id)
	})
	return id
}
