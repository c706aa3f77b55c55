package demo

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/calendar"
)

// fillReports prepares last month's report to the executive director
// (internal/reports) with the head's words written: the head submits it
// with one press, and the director then reads and comments on it. Its
// figures are the demo's, read when it is opened. The demo writes the row
// itself: the reports package imports every area, and the areas' tests
// import the demo.
func fillReports(ctx context.Context, tx pgx.Tx, now time.Time) error {
	today := calendar.DateOf(now)
	first := time.Date(today.Year(), today.Month()-1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(today.Year(), today.Month(), 0, 0, 0, 0, 0, time.UTC)
	_, err := tx.Exec(ctx, `insert into department_reports (kind, period_start, period_end, highlights, problems, plans,
			created_at, updated_at, created_by)
		values ('monthly', $1, $2, $3, $4, $5, $6, $6, (select id from users where username = 'head'))
		on conflict (kind, period_start) do nothing`, first, last,
		"Mēneša galvenais notikums bija pilsētas svētku preses konference, kurā piedalījās 14 mediju pārstāvji. "+
			"Sagatavotas un izsūtītas preses relīzes par ielu remontiem un jauno skvēru.",
		"Divi iedzīvotāju iesniegumi atbildēti pēc termiņa, jo izpildītājs bija atvaļinājumā; aizvietošanas kārtība ir pārskatīta.",
		"Nākamajā mēnesī: Viļņas delegācijas vizīte, apbalvojumu ceremonija un mārketinga plāna projekta saskaņošana.",
		now)
	return err
}
