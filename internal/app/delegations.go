package app

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/twincities"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// delegationsDeps are the delegations area's dependencies: the directory
// its organisations and guests are picked from, and the officials'
// reception hours from the visitors' area, so that a programme item at the
// time of an official's reception is warned about.
func (a *App) delegationsDeps(directory *contacts.Store) delegations.Deps {
	return delegations.Deps{Pool: a.pool, Sessions: a.sessions, Files: a.files, Jobs: a.Jobs(),
		Contacts: directory, Now: a.cfg.Now, BaseURL: a.cfg.JobBaseURL(), Twins: twinLog{now: a.cfg.Now},
		Busy: receptionHours{visitors.NewStore(visitors.Deps{Pool: a.pool, Calendar: a.calendar, Now: a.cfg.Now})}}
}

// receptionHours gives the delegations the visitors' reception sessions as
// busy times: the one place that knows both areas.
type receptionHours struct{ store *visitors.Store }

func (r receptionHours) BusyTimes(ctx context.Context, userIDs []int64, from, to time.Time) ([]delegations.Busy, error) {
	sessions, err := r.store.BusyTimes(ctx, userIDs, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]delegations.Busy, 0, len(sessions))
	for _, s := range sessions {
		out = append(out, delegations.Busy{UserID: s.UserID, Start: s.Start, End: s.End, What: s.Room})
	}
	return out, nil
}

// twinLog keeps a visit to or from a twin city in that city's cooperation
// log, from its confirmation to done or cancelled, in the delegation's
// transaction.
type twinLog struct{ now func() time.Time }

func (t twinLog) RecordVisit(ctx context.Context, tx pgx.Tx, v delegations.TwinVisit) error {
	_, err := twincities.RecordVisit(ctx, tx, twincities.DelegationVisit{Key: fmt.Sprintf("delegation-%d", v.DelegationID),
		OrgID: v.OrgID, Country: v.Country, City: v.City, On: v.On, Title: v.Title, Link: v.Link,
		State: twinStates[v.State], Add: v.Add}, t.now())
	return err
}

// twinStates are the delegations' states of a visit as the twin cities'
// log has them.
var twinStates = map[delegations.TwinState]twincities.LogState{
	delegations.TwinPlanned:   twincities.PlannedVisit,
	delegations.TwinHappened:  twincities.Happened,
	delegations.TwinCancelled: twincities.CancelledVisit,
}
