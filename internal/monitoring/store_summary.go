package monitoring

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Report is what the executive director's reports take from media
// monitoring: counts only, for the clippings published in [From, To).
type Report struct {
	From, To  time.Time
	Clippings int
	ByTone    map[Tone]int
	ByType    map[MediaType]int
	// Reach is the sum of the clippings' reach, of those whose reach is
	// known.
	Reach int64
	// NegativeShare is the negative clippings' share of those whose tone
	// was judged (0 to 1; 0 when none was).
	NegativeShare float64
	// TopOutlets and TopTopics are the five outlets and topics with the
	// most clippings, the most first.
	TopOutlets, TopTopics []Named
	// ReportsSent are the weekly and monthly reports mailed in the period;
	// Alerts the spike alerts made in it.
	ReportsSent, Alerts int
}

// Named is an outlet or topic with its count.
type Named struct {
	ID    int64
	Name  string
	Count int
}

// SummaryTop is how many outlets and topics Report names.
const SummaryTop = 5

// Summary is media monitoring's figures for [from, to).
func Summary(ctx context.Context, pool *pgxpool.Pool, from, to time.Time) (Report, error) {
	return NewStore(Deps{Pool: pool, Now: time.Now}).Summary(ctx, from, to)
}

// Summary is media monitoring's figures for [from, to).
func (s *Store) Summary(ctx context.Context, from, to time.Time) (Report, error) {
	r := Report{From: from, To: to, ByTone: map[Tone]int{}, ByType: map[MediaType]int{}}
	f, err := s.Figures(ctx, ListQuery{}, Period{From: from, To: to}, ByMonth)
	if err != nil {
		return r, err
	}
	r.Clippings, r.Reach, r.NegativeShare = f.Total, f.Reach, f.NegativeShare()
	for t, n := range f.Tones {
		r.ByTone[t] = n
	}
	for _, g := range f.Types {
		r.ByType[MediaType(g.Key)] = g.Total
	}
	for _, g := range top(f.Outlets, SummaryTop) {
		r.TopOutlets = append(r.TopOutlets, Named{ID: g.ID, Name: g.Name, Count: g.Total})
	}
	for _, g := range top(f.Topics, SummaryTop) {
		r.TopTopics = append(r.TopTopics, Named{ID: g.ID, Name: g.Name, Count: g.Total})
	}
	err = s.pool.QueryRow(ctx, `select
			(select count(*) from monitoring_reports where sent_at >= $1 and sent_at < $2),
			(select count(*) from monitoring_alerts where created_at >= $1 and created_at < $2)`, from, to).
		Scan(&r.ReportsSent, &r.Alerts)
	return r, err
}
