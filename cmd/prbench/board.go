package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// boardTrials is how many times the bench calls the next ticket and waits
// for the board to show it.
const boardTrials = 8

const benchBoardOfficial = "Bench: waiting-room board"

// boardLag measures the time from the clerk's "call next" to the waiting-
// room board showing the called ticket, as a screen sees it: polling the
// board's fragment as htmx does (visitors.BoardPoll, with the digest of
// what it shows), while "call next" comes at a random moment of the poll's
// cycle. It works on a queue of its own, today, which it removes afterwards.
func boardLag(ctx context.Context, benchURL, base string, cookie *http.Cookie) error {
	pool, err := pgxpool.New(ctx, benchURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	official, cleanup, err := benchQueue(ctx, pool)
	if err != nil {
		return err
	}
	defer cleanup()
	store := visitors.NewStore(visitors.Deps{Pool: pool, Calendar: calendar.NewStore(pool), Now: time.Now})

	type seen struct {
		at   time.Time
		body string
	}
	shown := make(chan seen, 16)
	pollCtx, stopPolling := context.WithCancel(ctx)
	defer stopPolling()
	go func() {
		digest := ""
		tick := time.NewTicker(time.Second) // as visitors.BoardPoll asks
		defer tick.Stop()
		for {
			req, _ := http.NewRequestWithContext(pollCtx, http.MethodGet,
				fmt.Sprintf("%s/visitors/board/fragment?official=%d&seen=%s", base, official, digest), nil)
			req.AddCookie(cookie)
			req.Header.Set("HX-Request", "true")
			if res, err := http.DefaultClient.Do(req); err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode == http.StatusOK {
					body := string(b)
					if _, rest, ok := strings.Cut(body, "seen="); ok {
						digest, _, _ = strings.Cut(rest, `"`)
					}
					shown <- seen{time.Now(), body}
				}
			}
			select {
			case <-pollCtx.Done():
				return
			case <-tick.C:
			}
		}
	}()
	// The first answer is the board as it stands.
	select {
	case <-shown:
	case <-time.After(5 * time.Second):
		return fmt.Errorf("the board fragment did not answer")
	}
	r := rand.New(rand.NewPCG(3, 4))
	var lags []time.Duration
	for range boardTrials {
		time.Sleep(time.Duration(r.Int64N(int64(time.Second))))
		called := time.Now()
		t, err := store.CallNext(ctx, official)
		if err != nil {
			return fmt.Errorf("call next: %w", err)
		}
		want := `class="latest"><span class="board-ticket">` + t.Ticket + `<`
		deadline := time.After(5 * time.Second)
	wait:
		for {
			select {
			case s := <-shown:
				if strings.Contains(s.body, want) {
					lags = append(lags, s.at.Sub(called))
					break wait
				}
			case <-deadline:
				return fmt.Errorf("the board did not show %s within 5 s", t.Ticket)
			}
		}
	}
	slices.Sort(lags)
	fmt.Printf("\"Call next\" to the board showing the ticket (%d calls, the board polling every second): median %s, slowest %s.\n",
		len(lags), ms(lags[len(lags)/2]), ms(lags[len(lags)-1]))
	return nil
}

// benchQueue makes an official with a queue of walk-ins waiting today.
func benchQueue(ctx context.Context, pool *pgxpool.Pool) (official int64, cleanup func(), err error) {
	day := calendar.DateOf(time.Now())
	err = pool.QueryRow(ctx, `select id from visit_officials where name = $1`, benchBoardOfficial).Scan(&official)
	if err != nil {
		if err = pool.QueryRow(ctx, `insert into visit_officials (name, position, kind, active)
			values ($1, 'Bench', 'deputy', false) returning id`, benchBoardOfficial).Scan(&official); err != nil {
			return 0, nil, fmt.Errorf("the board's official: %w", err)
		}
	}
	cleanup = func() {
		c := context.WithoutCancel(ctx)
		pool.Exec(c, `delete from visit_queue where official_id = $1`, official)
		pool.Exec(c, `delete from visit_queue_counters where official_id = $1`, official)
	}
	cleanup()
	const waiting = boardTrials + 4
	if _, err = pool.Exec(ctx, `insert into visit_queue_counters (official_id, day, letter, last) values ($1, $2, 'Z', $3)`,
		official, day, waiting); err != nil {
		return 0, nil, fmt.Errorf("the board's counter: %w", err)
	}
	if _, err = pool.Exec(ctx, `insert into visit_queue (official_id, day, number, ticket, walk_in, topic, room, checked_in_at)
		select $1, $2, g, 'Z-' || lpad(g::text, 3, '0'), true, 'Bench', '101', now() - interval '1 hour' + g * interval '1 minute'
		from generate_series(1, $3) g`, official, day, waiting); err != nil {
		return 0, nil, fmt.Errorf("the board's queue: %w", err)
	}
	return official, cleanup, nil
}
