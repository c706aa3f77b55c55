package calendar

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// FillDemo fills the holidays by law from the year before now's to the
// year after next, as the system, inside the demo seeding transaction.
func FillDemo(ctx context.Context, tx pgx.Tx, now time.Time) error {
	this := now.In(i18n.Riga).Year()
	for y := this - 1; y <= this+2; y++ {
		if _, err := FillByLaw(ctx, tx, audit.System, y); err != nil {
			return err
		}
	}
	return nil
}
