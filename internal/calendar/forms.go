package calendar

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// addForm is the "add a day" form (and the edit form, without its date) as
// posted, kept as typed so a rejected form comes back with what the person
// wrote.
type addForm struct {
	Day         string
	Kind        string
	NameLV      string
	NameEN      string
	OrderNumber string
	OrderTitle  string
	OrderDate   string
}

// readAddForm parses and checks the form; the field errors land in f.Errors
// in the order the fields appear.
func readAddForm(f *form.Values) (addForm, NewDay) {
	var in addForm
	var nd NewDay
	in.Day = f.Text("day", true, 20)
	if in.Day != "" && f.Errors.Get("day") == "" {
		if d, ok := i18n.ParseDate(in.Day); !ok {
			f.Add("day", "field.invalid_date")
		} else if y := d.Year(); y < MinYear || y > MaxYear {
			f.Add("day", "calendar.err_year_range", i18n.M{"min": MinYear, "max": MaxYear})
		} else {
			nd.Date = DateOf(d)
		}
	}
	in.Kind = f.Raw("kind")
	nd.Kind = form.Enum(f, "kind", true, Kinds)
	if nd.Kind != "" && !nd.Date.IsZero() {
		if key := KindFits(nd.Kind, nd.Date); key != "" {
			f.Add("kind", key)
		}
	}
	in.NameLV = f.Text("name_lv", true, 200)
	in.NameEN = f.Text("name_en", false, 200)
	nd.NameLV, nd.NameEN = in.NameLV, in.NameEN
	nd.OrderNumber, nd.OrderTitle, nd.OrderDate = readOrder(f, nd.Kind, &in)
	return in, nd
}

// readEditForm reads the edit form of an entry on date: what DayChange holds.
func readEditForm(f *form.Values, date time.Time) (addForm, DayChange) {
	in := addForm{Day: i18n.Date(date), Kind: f.Raw("kind")}
	var ch DayChange
	ch.Kind = form.Enum(f, "kind", true, Kinds)
	if ch.Kind != "" {
		if key := KindFits(ch.Kind, date); key != "" {
			f.Add("kind", key)
		}
	}
	in.NameLV = f.Text("name_lv", true, 200)
	in.NameEN = f.Text("name_en", false, 200)
	ch.NameLV, ch.NameEN = in.NameLV, in.NameEN
	ch.OrderNumber, ch.OrderTitle, ch.OrderDate = readOrder(f, ch.Kind, &in)
	return in, ch
}

// orderNumber is a Cabinet order's number: its digits ("Nr." is the page's).
var orderNumber = regexp.MustCompile(`^[0-9]{1,5}$`)

// readOrder reads the Cabinet order's fields. A moved day entered by hand
// names its order, number and title; a holiday names none (the law sets it).
func readOrder(f *form.Values, kind Kind, in *addForm) (number, title string, adopted *time.Time) {
	moved := kind == MovedDayOff || kind == MovedWorkingDay
	in.OrderNumber = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(f.Text("order_number", false, 20)), "Nr."))
	in.OrderTitle = f.Text("order_title", false, 300)
	in.OrderDate = f.Text("order_date", false, 20)
	switch {
	case f.Errors.Get("order_number") != "":
	case in.OrderNumber == "" && moved:
		f.Add("order_number", "calendar.err_order_number_required")
	case in.OrderNumber != "" && !orderNumber.MatchString(in.OrderNumber):
		f.Add("order_number", "calendar.err_order_number")
	}
	if in.OrderTitle == "" && moved && f.Errors.Get("order_title") == "" {
		f.Add("order_title", "calendar.err_order_title_required")
	}
	if in.OrderDate != "" && f.Errors.Get("order_date") == "" {
		d, ok := i18n.ParseDate(in.OrderDate)
		switch {
		case !ok:
			f.Add("order_date", "field.invalid_date")
		case d.Year() < MinYear || d.Year() > MaxYear:
			f.Add("order_date", "calendar.err_year_range", i18n.M{"min": MinYear, "max": MaxYear})
		default:
			dd := DateOf(d)
			adopted = &dd
		}
	}
	if !moved && (in.OrderNumber != "" || in.OrderTitle != "" || in.OrderDate != "") && kind != "" {
		f.Add("order_number", "calendar.err_order_for_holiday")
	}
	return in.OrderNumber, in.OrderTitle, adopted
}

// parseYear reads a year between MinYear and MaxYear.
func parseYear(s string) (int, bool) {
	y, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || y < MinYear || y > MaxYear {
		return 0, false
	}
	return y, true
}
