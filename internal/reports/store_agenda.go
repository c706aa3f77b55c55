package reports

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/agenda"
	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/awards"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/delegations"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/visitors"
)

// The agenda's reads: the officials and each area's items, on the pool.

// agendaSource is one area's part of an official's time. A new area (the
// marketing activities, when that area is built) exports its own
// AgendaItems in its store_agenda.go and adds one line to agendaSources.
type agendaSource func(ctx context.Context, q db.Querier, o agenda.Official, from, to time.Time) ([]agenda.Item, error)

func (h *Handler) agendaSources() []agendaSource {
	return []agendaSource{
		func(ctx context.Context, _ db.Querier, o agenda.Official, from, to time.Time) ([]agenda.Item, error) {
			return h.deps.Visitors.AgendaItems(ctx, o, from, to) // reception hours need the calendar
		},
		press.AgendaItems,
		delegations.AgendaItems,
		awards.AgendaItems,
	}
}

// agendaItems are official's items overlapping [from, to) from every
// area, by start (all-day items first on their day), then area and id.
func (h *Handler) agendaItems(ctx context.Context, o agenda.Official, from, to time.Time) ([]agenda.Item, error) {
	var all []agenda.Item
	for _, src := range h.agendaSources() {
		items, err := src(ctx, h.deps.Pool, o, from, to)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
	}
	slices.SortStableFunc(all, func(a, b agenda.Item) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		if a.AllDay != b.AllDay {
			if a.AllDay {
				return -1
			}
			return 1
		}
		if c := strings.Compare(a.Area, b.Area); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return all, nil
}

// agendaOfficials are those who hold reception hours, whose weeks the
// agenda shows.
func (h *Handler) agendaOfficials(ctx context.Context) ([]agenda.Official, error) {
	return visitors.AgendaOfficials(ctx, h.deps.Pool)
}

func (h *Handler) agendaOfficial(ctx context.Context, id int64) (agenda.Official, error) {
	return visitors.AgendaOfficial(ctx, h.deps.Pool, id)
}

// auditAgendaRead writes to the audit log that the viewer was shown the
// visitors' names and topics of o's bookings among items (on the week's
// page from `from`, or in the feed): which bookings, never the names. The
// official reading their own week is not written, as they read their own
// bookings in the visitors area too; nor is a week with nobody's name on it.
func (h *Handler) auditAgendaRead(ctx context.Context, o agenda.Official, viewer agendaViewer, feed bool, from time.Time, items []agenda.Item) error {
	if viewer.self {
		return nil
	}
	shown := map[string][]int64{}
	n := 0
	for _, it := range items {
		if viewer.mayRead(it) {
			shown[string(it.Kind)] = append(shown[string(it.Kind)], it.ID)
			n++
		}
	}
	if n == 0 {
		return nil
	}
	e := audit.Entry{Entity: "official_agenda", EntityID: fmt.Sprint(o.ID), Action: "view",
		Summary: fmt.Sprintf("Amatpersonas #%d darba kārtība no %s: parādīti %d apmeklētāju pieraksti", o.ID, i18n.Date(from), n),
		Details: map[string]any{"shown": shown, "from": from.In(i18n.Riga).Format(time.DateOnly)}}
	if feed {
		e.Action = "feed"
		e.Summary = fmt.Sprintf("Amatpersonas #%d darba kārtības kalendāra fails: parādīti %d apmeklētāju pieraksti", o.ID, n)
	}
	return db.InTx(ctx, h.deps.Pool, func(tx pgx.Tx) error { return audit.Record(ctx, tx, e) })
}
