package petitions

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// Summary counts the submissions received in [from, to) by type, channel
// and state, how many of them were answered on time or late, how many were
// forwarded within the forwarding term or after it, and the median working
// days from receipt to answer, for the director's reports.
func (s *Store) Summary(ctx context.Context, from, to time.Time) (Report, error) {
	rep := Report{From: from, To: to, ByType: map[DocType]int{}, ByChannel: map[Channel]int{}, ByState: map[State]int{}}
	rows, _ := s.pool.Query(ctx, `
		select doc_type, channel, state, grouping(doc_type, channel, state), count(*),
		       count(*) filter (where forwarded_on_time), count(*) filter (where not forwarded_on_time)
		from petitions where received_at >= $1 and received_at < $2
		group by grouping sets ((doc_type), (channel), (state))`, from, to)
	var typ, ch, st *string
	var g, n, fwdOnTime, fwdLate int
	_, err := pgx.ForEachRow(rows, []any{&typ, &ch, &st, &g, &n, &fwdOnTime, &fwdLate}, func() error {
		// grouping() has a bit set for each column not grouped on: 0b011 is by state, etc.
		switch g {
		case 0b011:
			rep.ByType[DocType(*typ)] = n
			rep.Total += n
		case 0b101:
			rep.ByChannel[Channel(*ch)] = n
		case 0b110:
			rep.ByState[State(*st)] = n
			rep.ForwardedOnTime += fwdOnTime
			rep.ForwardedLate += fwdLate
		}
		return nil
	})
	if err != nil {
		return rep, err
	}

	// Only the two dates of each answered one travel: a year is some tens of
	// thousands of pairs, and the working days are counted here with the calendar.
	rows, _ = s.pool.Query(ctx, `
		select received_at, answered_on, due_date from petitions
		where received_at >= $1 and received_at < $2 and answered_on is not null`, from, to)
	type pair struct{ received, answered time.Time }
	var pairs []pair
	var rec, ans, due time.Time
	_, err = pgx.ForEachRow(rows, []any{&rec, &ans, &due}, func() error {
		rep.Answered++
		if ans.After(due) {
			rep.Late++
		} else {
			rep.OnTime++
		}
		pairs = append(pairs, pair{calendar.DateOf(rec), calendar.DateOf(ans)})
		return nil
	})
	if err != nil || len(pairs) == 0 {
		return rep, err
	}
	cal, err := s.calendar.Load(ctx, s.pool)
	if err != nil {
		return rep, err
	}
	rep.MedianWorkingDays = medianWorkingDays(cal, pairs, func(p pair) (time.Time, time.Time) { return p.received, p.answered })
	return rep, nil
}
