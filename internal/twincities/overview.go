package twincities

import (
	"net/http"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/web"
)

// OverviewYears is how many years the overview shows, this one included.
const OverviewYears = 5

// overviewRow is one city's activity: per year, and per field in the year chosen.
type overviewRow struct {
	A       Agreement
	PerYear []int // oldest year first
	Fields  []int // in the order of Fields, in the year chosen
	Total   int   // in the year chosen
}

type overviewView struct {
	Year      int   // the year whose fields are shown
	Years     []int // the columns, oldest first
	Rows      []overviewRow
	Quiet     []Agreement // in force, no activity in the last 12 months
	Today     time.Time
	FieldSums []int
	YearSums  []int
}

func (h *Handler) overview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	today := calendar.DateOf(h.now())
	this := today.Year()
	year := this
	if y, err := strconv.Atoi(form.URLValues(r).Get("year")); err == nil && y >= 1950 && y <= this+1 {
		year = y
	}
	first := min(year, this) - OverviewYears + 1
	last := max(year, this)
	all, err := h.store.All(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	acts, err := h.store.Activity(ctx, first, last)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := overviewView{Year: year, Today: today, FieldSums: make([]int, len(Fields))}
	for y := first; y <= last; y++ {
		v.Years = append(v.Years, y)
	}
	v.YearSums = make([]int, len(v.Years))
	idx := map[int64]int{}
	for _, a := range all {
		if a.Status == Preparation {
			continue
		}
		idx[a.ID] = len(v.Rows)
		v.Rows = append(v.Rows, overviewRow{A: a, PerYear: make([]int, len(v.Years)), Fields: make([]int, len(Fields))})
		if a.Quiet(today) {
			v.Quiet = append(v.Quiet, a)
		}
	}
	for _, ac := range acts {
		i, ok := idx[ac.AgreementID]
		if !ok {
			continue
		}
		row := &v.Rows[i]
		row.PerYear[ac.Year-first] += ac.N
		v.YearSums[ac.Year-first] += ac.N
		if ac.Year == year {
			for j, f := range Fields {
				if f == ac.Field {
					row.Fields[j] += ac.N
					v.FieldSums[j] += ac.N
				}
			}
			row.Total += ac.N
		}
	}
	web.Render(w, r, http.StatusOK, overviewPage(v))
}

// cell is a count as the overview shows it: a dash for none.
func cell(n int) string {
	if n == 0 {
		return "–"
	}
	return strconv.Itoa(n)
}
