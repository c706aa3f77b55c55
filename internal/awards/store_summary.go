package awards

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// SummaryLine is one award's figures of one year.
type SummaryLine struct {
	Award       string
	Year        int
	Nominations int
	Laureates   int // of a decided round only
}

// Report is what the director's reports take from the awards: the
// nominations received within [From, To), and the laureates of the rounds
// decided in it, per award and year.
type Report struct {
	From, To    time.Time
	Nominations int
	Laureates   int
	Lines       []SummaryLine
}

// Summary gives the awards' figures for a period, for the executive
// director's reports.
func Summary(ctx context.Context, pool *pgxpool.Pool, from, to time.Time) (Report, error) {
	rep := Report{From: from, To: to}
	rows, err := pool.Query(ctx, `
		select t.name, r.year,
			(select count(*) from award_nominations n where n.round_id = r.id and n.created_at >= $1 and n.created_at < $2),
			case when r.status in ('decided', 'awarded') and r.decision_date >= $1::date and r.decision_date < $2::date
				then coalesce(c.laureates, 0) else 0 end
		from award_rounds r join award_types t on t.id = r.type_id left join award_round_counts c on c.round_id = r.id
		where r.opens_on < $2::date and r.closes_on >= ($1::date - 366)
		order by r.year, t.sort_name`, from, to)
	if err != nil {
		return rep, err
	}
	rep.Lines, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (SummaryLine, error) {
		var l SummaryLine
		return l, row.Scan(&l.Award, &l.Year, &l.Nominations, &l.Laureates)
	})
	var kept []SummaryLine
	for _, l := range rep.Lines {
		if l.Nominations > 0 || l.Laureates > 0 {
			rep.Nominations += l.Nominations
			rep.Laureates += l.Laureates
			kept = append(kept, l)
		}
	}
	rep.Lines = kept
	return rep, err
}
