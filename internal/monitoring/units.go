package monitoring

import (
	"net/http"
	"slices"
	"strings"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/web"
)

// The municipality's institutions, units and companies, each with what
// was written about it: where a unit's staff find their own coverage.

// unitsDays is how far back the page counts.
const unitsDays = 30

// UnitCount is a unit with its clippings of the last unitsDays days and
// of all time.
type UnitCount struct {
	Unit         contacts.Brief
	Recent, All  int
	RecentByTone map[Tone]int
}

type unitsView struct {
	Units []UnitCount
	Days  int
}

func (h *Handler) units(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v := unitsView{Days: unitsDays}
	var ids []int64
	briefs := map[int64]contacts.Brief{}
	if h.contacts != nil {
		for _, t := range unitTypes {
			rows, _, err := h.contacts.List(ctx, contacts.ListFilter{Kind: contacts.Organisation, OrgType: t}, nil, 300)
			if err != nil {
				web.Error(w, r, err)
				return
			}
			for _, row := range rows {
				ids = append(ids, row.ID)
				briefs[row.ID] = contacts.Brief{ID: row.ID, Kind: row.Kind, Name: row.Name, OrgType: row.OrgType}
			}
		}
	}
	counts, err := h.store.MentionCounts(ctx, ids, h.now().AddDate(0, 0, -unitsDays))
	if err != nil {
		web.Error(w, r, err)
		return
	}
	for _, id := range ids {
		c := counts[id]
		c.Unit = briefs[id]
		v.Units = append(v.Units, c)
	}
	// The most written about first; the rest by name.
	slices.SortStableFunc(v.Units, func(a, b UnitCount) int {
		if a.Recent != b.Recent {
			return b.Recent - a.Recent
		}
		return strings.Compare(a.Unit.Name, b.Unit.Name)
	})
	web.Render(w, r, http.StatusOK, unitsPage(v))
}
