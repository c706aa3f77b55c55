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

// The agenda's reads: the officials, on the pool, and each area's items,
// in one batch in the week's transaction (readAgenda).

// agendaSources are the areas' parts of an official's time. A new area (the
// marketing activities, when that area is built) exports its own
// QueueAgendaItems in its store_agenda.go, with statements whose generic
// plan is good (readAgenda says why), and adds one line here.
func (h *Handler) agendaSources() []agenda.Queue {
	return []agenda.Queue{
		h.deps.Visitors.QueueAgendaItems, // a method: reception hours need the calendar
		press.QueueAgendaItems,
		delegations.QueueAgendaItems,
		awards.QueueAgendaItems,
	}
}

// readAgenda reads o's items overlapping [from, to) and writes what the
// viewer was shown of them to the audit log (auditAgendaRead), in one
// transaction: one snapshot of every area, and the read and its record
// together. Every area's reads go in one batch: the week is four round
// trips (begin, the batch, the audit entry, commit) rather than one per
// read, and one more when the calendar has changed and is built again,
// through the transaction too.
//
// The areas' reads run on generic plans, planned once per connection. Left
// to choose, PostgreSQL planned each of them afresh for every week (its
// generic estimate for "the events of one speaker" is pessimistic), and
// that planning cost more than the reads: about 2 of the week's 4 ms of
// database time at the bench's volume. Each area's statement is written so
// that its generic plan is the good one (a CTE fixes the order where the
// estimate would mislead), as the bench's statement log shows.
func (h *Handler) readAgenda(ctx context.Context, o agenda.Official, viewer agendaViewer, feed bool, from, to time.Time) ([]agenda.Item, error) {
	var items []agenda.Item
	err := db.InTx(ctx, h.deps.Pool, func(tx pgx.Tx) error {
		var b pgx.Batch
		// First in the batch, so that it holds for the reads after it.
		b.Queue("set local plan_cache_mode = force_generic_plan")
		sources := h.agendaSources()
		pending := make([]agenda.Pending, len(sources))
		for i, queue := range sources {
			pending[i] = queue(&b, o, from, to)
		}
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return err
		}
		items = nil
		for _, p := range pending {
			area, err := p(ctx, tx)
			if err != nil {
				return err
			}
			items = append(items, area...)
		}
		sortAgenda(items)
		return h.auditAgendaRead(ctx, tx, o, viewer, feed, from, items)
	})
	return items, err
}

// sortAgenda sorts items from every area by start (all-day items first on
// their day), then area and id.
func sortAgenda(items []agenda.Item) {
	slices.SortStableFunc(items, func(a, b agenda.Item) int {
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
func (h *Handler) auditAgendaRead(ctx context.Context, tx pgx.Tx, o agenda.Official, viewer agendaViewer, feed bool, from time.Time, items []agenda.Item) error {
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
	return audit.Record(ctx, tx, e)
}
