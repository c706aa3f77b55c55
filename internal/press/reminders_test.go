package press_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

func TestDeadlinesAreRemindedOfOnceAndAgainWhenTheyMove(t *testing.T) {
	pool := dbtest.Pool(t)
	ctx := context.Background()
	s := presstest.NewSender(t, pool, "")
	// Far from every other test's deadlines.
	now := time.Date(2031, 3, 10, 9, 0, 0, 0, i18n.Riga)
	s.Clock.Set(now)
	var user int64
	n := serial.Add(1)
	if err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		var err error
		user, err = auth.Insert(ctx, tx, &auth.User{Username: fmt.Sprintf("atgadinajums-%d", n), FullName: "Ieva Termiņa",
			Email: fmt.Sprintf("ieva%d@daugavpils.lv", n), Roles: []auth.Role{auth.RoleStaff}, Active: true}, "x", nil)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	soon, later := now.Add(10*time.Hour), now.Add(3*24*time.Hour)
	interview := presstest.AddInterview(t, pool, press.Interview{Topic: unique(t, "Tramvajs"), DeadlineAt: &soon, ResponsibleID: &user})
	presstest.AddInterview(t, pool, press.Interview{Topic: unique(t, "Vēlāk"), DeadlineAt: &later, ResponsibleID: &user})
	text := presstest.AddOfficialText(t, pool, press.OfficialInput{Occasion: unique(t, "Lāčplēša diena"), AuthorID: &user,
		NeededOn: time.Date(2031, 3, 11, 0, 0, 0, 0, time.UTC)})

	mails := func(entity string, id int64) int {
		var c int
		if err := pool.QueryRow(ctx, `select count(*) from mail_outbox where entity = $1 and entity_id = $2`, entity, fmt.Sprint(id)).Scan(&c); err != nil {
			t.Fatal(err)
		}
		return c
	}
	sent, err := s.SendReminders(ctx, s.Jobs)
	if err != nil || sent != 2 {
		t.Fatalf("first run: %d sent, %v", sent, err)
	}
	if again, _ := s.SendReminders(ctx, s.Jobs); again != 0 {
		t.Errorf("a second run sent %d again", again)
	}
	if mails("press_interview", interview) != 1 || mails("press_text", text) != 1 {
		t.Errorf("one mail each: %d %d", mails("press_interview", interview), mails("press_text", text))
	}
	// The journalist gives another day: a reminder of the new deadline.
	i, err := s.Interview(ctx, interview)
	if err != nil {
		t.Fatal(err)
	}
	moved := soon.Add(5 * time.Hour)
	i.DeadlineAt = &moved
	if err := s.UpdateInterview(ctx, i); err != nil {
		t.Fatal(err)
	}
	if sent, _ := s.SendReminders(ctx, s.Jobs); sent != 1 || mails("press_interview", interview) != 2 {
		t.Errorf("a moved deadline: %d sent, %d mails", sent, mails("press_interview", interview))
	}
}
