package press_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

func TestOneRoomHoldsOneEventAtATime(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.Store(pool)
	room := fmt.Sprintf("Sēžu zāle %d", serial.Add(1))
	at := time.Date(2027, 3, 10, 10, 0, 0, 0, i18n.Riga)
	event := func(start time.Time, minutes int) press.Event {
		return press.Event{Kind: press.Conference, Title: "Budžets", StartsAt: start, EndsAt: start.Add(time.Duration(minutes) * time.Minute),
			Place: "Pašvaldība", Room: room, Status: press.EventPlanned}
	}
	// Two staff members book the room for overlapping hours at once: one is refused.
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() { _, errs[i] = s.CreateEvent(ctx, event(at.Add(time.Duration(i)*30*time.Minute), 60)) })
	}
	wg.Wait()
	refused := 0
	for _, err := range errs {
		if err != nil {
			if refusal(err) != "room: press.event.room_taken" {
				t.Fatalf("refused with %s", refusal(err))
			}
			refused++
		}
	}
	if refused != 1 {
		t.Fatalf("%d of two overlapping events refused", refused)
	}
	// Back to back is fine; so is the same hour in another room, or the
	// same room's name in another case, which is the same room.
	if _, err := s.CreateEvent(ctx, event(at.Add(90*time.Minute), 30)); err != nil {
		t.Fatalf("back to back: %v", err)
	}
	other := event(at, 60)
	other.Room = room + " B"
	if _, err := s.CreateEvent(ctx, other); err != nil {
		t.Fatalf("another room: %v", err)
	}
	upper := event(at.Add(40*time.Minute), 10)
	upper.Room = "  " + strings.ToUpper(room) + " "
	if _, err := s.CreateEvent(ctx, upper); refusal(err) != "room: press.event.room_taken" {
		t.Fatalf("the same room in capitals: %s", refusal(err))
	}
	// A cancelled event frees its room.
	id := presstest.AddEvent(t, pool, press.Event{StartsAt: at.Add(24 * time.Hour), EndsAt: at.Add(25 * time.Hour), Place: "Pašvaldība", Room: room})
	e, _ := s.Event(ctx, id)
	e.Status = press.EventCancelled
	if err := s.UpdateEvent(ctx, e); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateEvent(ctx, event(at.Add(24*time.Hour), 60)); err != nil {
		t.Fatalf("the room of a cancelled event: %v", err)
	}
	bad := event(at, 0)
	if _, err := s.CreateEvent(ctx, bad); refusal(err) != "end_time: press.event.end_before_start" {
		t.Fatalf("ending as it starts: %s", refusal(err))
	}
}

func TestEventFormCardAndDoorList(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := serial.Add(1)
	title := fmt.Sprintf("Preses konference par tiltu %d", n)
	form := url.Values{"kind": {"conference"}, "title": {title}, "date": {"10.03.2027."}, "start_time": {"10:00"},
		"end_time": {"11:00"}, "place": {"Pašvaldība"}, "room": {fmt.Sprintf("Zāle %d", n)}, "status": {"announced"},
		"responsible_id": {""}, "accreditation_open": {"on"}, "notes": {""}, "version": {"0"}, "idem": {fmt.Sprintf("event-form-%d", n)}}
	for i := 1; i <= press.MaxSpeakers; i++ {
		form.Set(fmt.Sprintf("speaker_%d", i), "")
		form.Set(fmt.Sprintf("speaker_%d_q", i), "")
	}
	res := staff.PostForm(t, "/press/events", form)
	m := regexp.MustCompile(`^/press/events/(\d+)$`).FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %s\n%s", res.StatusCode, res.Header.Get("Location"), res.Body)
	}
	loc := "/press/events/" + m[1]
	// The same room at the same time, from another form: refused beside the room.
	clash := url.Values{}
	for k, v := range form {
		clash[k] = v
	}
	clash.Set("idem", fmt.Sprintf("event-form-clash-%d", n))
	clash.Set("start_time", "10:30")
	clash.Set("end_time", "12:00")
	if res := staff.PostForm(t, "/press/events", clash); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Šajā telpā tajā laikā jau notiek cits pasākums") {
		t.Fatalf("a clash: %d", res.StatusCode)
	}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("idem", fmt.Sprintf("event-form-bad-%d", n))
	bad.Set("end_time", "09:00")
	if res := staff.PostForm(t, "/press/events", bad); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Beigām jābūt vēlāk par sākumu") {
		t.Fatalf("ending before it starts: %d", res.StatusCode)
	}
	card := staff.Get(t, loc)
	link := regexp.MustCompile(`/accreditation/([A-Z2-7]+)`).FindStringSubmatch(card.Body)
	if card.StatusCode != http.StatusOK || link == nil || !strings.Contains(card.Body, "10.03.2027. 10:00–11:00") {
		t.Fatalf("card: %d\n%s", card.StatusCode, card.Body)
	}

	// A journalist in the directory accredits through the public form.
	email := fmt.Sprintf("anna%d@example.lv", n)
	known := contactstest.AddPerson(t, srv.Pool, contactstest.Person{Given: "Anna", Family: "Bērziņa", Emails: []string{email}})
	anon := srv.Anonymous(t)
	public := "/accreditation/" + link[1]
	if res := anon.Get(t, public); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, title) {
		t.Fatalf("the public form: %d", res.StatusCode)
	}
	accredit := url.Values{"name": {"Anna Bērziņa"}, "outlet": {"Latgales Laiks"}, "email": {strings.ToUpper(email)},
		"phone": {"+371 26100001"}, "crew": {"Operators ar statīvu"}}
	if res := anon.PostForm(t, public, url.Values{"name": {""}, "outlet": {""}, "email": {"nav-adrese"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Ievadiet vārdu un uzvārdu") {
		t.Fatalf("an empty accreditation: %d", res.StatusCode)
	}
	if res := anon.PostForm(t, public, accredit); res.StatusCode != http.StatusOK || !strings.Contains(res.Body, "akreditācija ir apstiprināta") {
		t.Fatalf("accredit: %d\n%s", res.StatusCode, res.Body)
	}
	if res := anon.PostForm(t, public, accredit); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "jau ir akreditēts") {
		t.Fatalf("the same address twice: %d", res.StatusCode)
	}
	var mails int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from mail_outbox where entity = 'press_event' and entity_id = $1
		and to_address = $2`, m[1], email).Scan(&mails); err != nil || mails != 1 {
		t.Fatalf("%d confirmation mails, %v", mails, err)
	}
	if res := anon.Get(t, "/accreditation/AAAAAAAAAAAAAAAAAAAAAAAA"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("an unknown link: %d", res.StatusCode)
	}

	// The card matches the journalist to the directory and marks the attendance.
	card = staff.Get(t, loc)
	match := regexp.MustCompile(`action="(` + loc + `/accreditations/\d+)/match"`).FindStringSubmatch(card.Body)
	if match == nil || !strings.Contains(card.Body, "Operators ar statīvu") {
		t.Fatalf("the card does not offer the directory's journalist:\n%s", card.Body)
	}
	if res := staff.PostForm(t, match[1]+"/match", url.Values{"contact_id": {fmt.Sprint(known)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("match: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, match[1]+"/attended", url.Values{"attended": {"yes"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("attended: %d", res.StatusCode)
	}
	card = staff.Get(t, loc)
	if !strings.Contains(card.Body, "Ir katalogā") || !strings.Contains(card.Body, ">Ieradās") {
		t.Fatalf("after matching and marking:\n%s", card.Body)
	}
	door := staff.Get(t, loc+"/door")
	if door.StatusCode != http.StatusOK || !strings.Contains(door.Body, "Anna Bērziņa") || !strings.Contains(door.Body, "Latgales Laiks") {
		t.Fatalf("door list: %d", door.StatusCode)
	}
	ics := staff.Get(t, "/press/events/calendar.ics")
	if ics.StatusCode != http.StatusOK || !strings.Contains(ics.Body, "UID:press-event-"+m[1]+"@") {
		t.Fatalf("calendar: %d\n%s", ics.StatusCode, ics.Body)
	}
	list := staff.Get(t, "/press/events")
	if !strings.Contains(list.Body, title) {
		t.Fatal("the list of upcoming events lacks it")
	}

	// Closed: the public form says so and takes nothing.
	edit := staff.Get(t, loc+"/edit")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(edit.Body)
	closed := url.Values{}
	for k, v := range form {
		closed[k] = v
	}
	closed.Del("accreditation_open")
	closed.Del("idem")
	closed.Set("version", version[1])
	if res := staff.PostForm(t, loc+"/edit", closed); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("closing: %d\n%s", res.StatusCode, res.Body)
	}
	if res := anon.PostForm(t, public, url.Values{"name": {"Vēls Žurnālists"}, "outlet": {"X"}, "email": {"vels@example.lv"}}); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "slēgta") {
		t.Fatalf("accrediting when closed: %d", res.StatusCode)
	}
}
