package petitions_test

import (
	"context"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

func TestSummary(t *testing.T) {
	srv := server(t)
	day := func(d int) time.Time { return time.Date(1995, 3, d, 10, 0, 0, 0, i18n.Riga) }
	date := func(d int) time.Time { return time.Date(1995, 3, d, 0, 0, 0, 0, time.UTC) }
	tag := listTag()
	// Wednesday 1 March to Wednesday 8 March: 5 working days, on time.
	listInsert(t, srv.Pool, petitionstest.Row{Name: "A " + tag, State: petitions.Closed, Received: day(1), Due: date(15), Answered: date(8), Type: petitions.TypeComplaint, Channel: petitions.ChannelPost})
	// Monday 6 to Friday 10: 4, on time.
	listInsert(t, srv.Pool, petitionstest.Row{Name: "B " + tag, State: petitions.Answered, Received: day(6), Due: date(20), Answered: date(10)})
	// Friday 10 to Monday 20: 6 over a weekend, late (due Friday 17).
	listInsert(t, srv.Pool, petitionstest.Row{Name: "C " + tag, State: petitions.Answered, Received: day(10), Due: date(17), Answered: date(20)})
	// Not answered.
	listInsert(t, srv.Pool, petitionstest.Row{Name: "D " + tag, State: petitions.InProgress, Received: day(30), Due: date(31), Channel: petitions.ChannelPost})
	// Outside the period.
	listInsert(t, srv.Pool, petitionstest.Row{Name: "E " + tag, State: petitions.Closed, Received: time.Date(1995, 4, 1, 10, 0, 0, 0, i18n.Riga), Answered: date(31).AddDate(0, 0, 5)})

	rep, err := petitions.NewStore(petitions.Deps{Pool: srv.Pool, Calendar: petitionstest.Calendar(t, srv.Pool)}).Summary(context.Background(), time.Date(1995, 3, 1, 0, 0, 0, 0, i18n.Riga), time.Date(1995, 4, 1, 0, 0, 0, 0, i18n.Riga))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Total != 4 || rep.ByType[petitions.TypeComplaint] != 1 || rep.ByType[petitions.TypeSubmission] != 3 {
		t.Errorf("by type: total %d, %v", rep.Total, rep.ByType)
	}
	if rep.ByChannel[petitions.ChannelPost] != 2 || rep.ByChannel[petitions.ChannelEmail] != 2 {
		t.Errorf("by channel: %v", rep.ByChannel)
	}
	if rep.ByState[petitions.Answered] != 2 || rep.ByState[petitions.Closed] != 1 || rep.ByState[petitions.InProgress] != 1 {
		t.Errorf("by state: %v", rep.ByState)
	}
	if rep.Answered != 3 || rep.OnTime != 2 || rep.Late != 1 {
		t.Errorf("answered %d, on time %d, late %d; want 3, 2, 1", rep.Answered, rep.OnTime, rep.Late)
	}
	if rep.MedianWorkingDays != 5 {
		t.Errorf("median %v working days, want 5", rep.MedianWorkingDays)
	}

	// An even number answered: the median is between the middle two.
	listInsert(t, srv.Pool, petitionstest.Row{Name: "F " + tag, State: petitions.Answered, Received: day(13), Due: date(31), Answered: date(27)})
	rep, err = petitions.NewStore(petitions.Deps{Pool: srv.Pool, Calendar: petitionstest.Calendar(t, srv.Pool)}).Summary(context.Background(), time.Date(1995, 3, 1, 0, 0, 0, 0, i18n.Riga), time.Date(1995, 4, 1, 0, 0, 0, 0, i18n.Riga))
	if err != nil {
		t.Fatal(err)
	}
	// 4, 5, 6 and 10 (Monday 13 to Monday 27): the median is 5.5.
	if rep.MedianWorkingDays != 5.5 {
		t.Errorf("median %v, want 5.5", rep.MedianWorkingDays)
	}
}
