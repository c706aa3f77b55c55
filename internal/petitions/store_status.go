package petitions

import (
	"context"
	"time"

	"github.com/daugavpils/prdesk/internal/db"
)

// publicStatus is what the public status page may say of a submission,
// with the code that must be typed to see it.
type publicStatus struct {
	CheckCode  string
	State      State
	Received   time.Time
	Due        time.Time
	AnsweredOn *time.Time
}

// PublicStatus reads the submission registered under number for the
// public status page; errs.NotFound when there is none.
func (s *Store) PublicStatus(ctx context.Context, number string) (publicStatus, error) {
	var st publicStatus
	err := s.pool.QueryRow(ctx, `select check_code, state, received_at, due_date, answered_on
		from petitions where reg_number = $1`, number).Scan(&st.CheckCode, &st.State, &st.Received, &st.Due, &st.AnsweredOn)
	return st, db.NotFound(err, "petition by number")
}
