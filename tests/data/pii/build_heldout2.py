"""Build ``heldout2.jsonl``: a second, independent REPORT-ONLY set for issue 15 (never tune on it).

Written on 2026-12-07 by a helper that did not read the anonymizer (``pipeline/anonymize/**``),
its rules or lists, nor the tuning sets (``tune*.jsonl``, ``build_tune*.py``,
``dev_origins.jsonl``). Every text below was typed by hand as a Västerås resident might write it:
web forms, e-mails with greeting and signature, SMS, meeting notes, phone notes and map comments,
in Swedish and in the residents' own languages and scripts (Arabic, Persian, Sorani in Arabic
script and Latin letters, Kurmanji, Somali, Tigrinya in Ge'ez script and Latin letters, Turkish,
Bosnian, Polish, Finnish), plus English and German comments about a place.

Markup: ``[[code|text]]`` marks a gold span. Codes ``sv fi ar fa ku so ti tr bs pl`` are PERSON
spans with that ``origin``; ``A`` ADDRESS, ``T`` PHONE, ``E`` EMAIL, ``I`` ID_NUMBER
(personnummer, one with a wrong check digit), ``R`` PLATE, ``K`` KEEP (districts, places,
facilities named after people, businesses with a first name; the topic must survive). A Swedish
possessive ``-s`` and a Turkish suffix after an apostrophe (``'in``) are left outside the
PERSON span; a case ending fused to a name (Finnish ``-lle``, Polish ``-iem``) is inside it. Titles
(fru, doktor, Kak, Aboy, Sheekh) are outside. Each record carries ``group`` (origin of its names,
``none`` without a name) and ``channel``.

REPORT ONLY: report figures from this file; never tune rules on it and never copy its names into
a list. A test (``tests/anonymize/test_heldout2_set.py``) checks that it shares no PERSON name
and no text with the tuning sets. Run ``python tests/data/pii/build_heldout2.py`` to rewrite it.
"""

# ruff: noqa: E501  (hand-written resident texts are kept on one line each)
from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORIGINS = {
    "sv": "swedish",
    "fi": "finnish",
    "ar": "arabic",
    "fa": "persian",
    "ku": "kurdish",
    "so": "somali",
    "ti": "tigrinya",
    "tr": "turkish",
    "bs": "bosnian",
    "pl": "polish",
}
LABELS = {"A": "ADDRESS", "T": "PHONE", "E": "EMAIL", "I": "ID_NUMBER", "R": "PLATE", "K": "KEEP"}
MARK = re.compile(r"\[\[(\w+)\|(.*?)\]\]")

# (channel, text with markup)
SWEDISH = [
    ("map", "Här vid [[K|Karlsdal]] halkade farmor [[sv|Alvina]]s väninna [[sv|Dagmar Roos]] på isen."),
    (
        "email",
        "Hej!\n\nJag heter [[sv|Elvy Ekholm]] och bor på [[A|Ängsgärdesgatan 14 lgh 1102]] i [[K|Viksäng]]. "
        "Gatlyktorna längs gångvägen har varit släckta sedan oktober.\n\nMed vänlig hälsning\n[[sv|Elvy]]\n[[T|070-318 22 45]]",
    ),
    (
        "sms",
        "hej det e [[sv|tommie]] här, snöröjningen i [[K|Skälby]] har inte kommit än. ring mig [[T|073.941.20.58]]",
    ),
    (
        "form",
        "Jag och min granne [[sv|Gullan Wängdahl]] undrar varför bänkarna vid [[K|Anna Lindhs plats]] tagits bort.",
    ),
    (
        "notes",
        "Närvarande: [[sv|Helge Rydholm]], [[sv|Gullvi Lönn]], [[sv|Rune Sjödin]] (ordf.), [[sv|Ingalill Tjernberg]]. "
        "Diskussion om lekplatsen i [[K|Hökåsen]].",
    ),
    ("map", "Fru [[sv|Ekdahl]] på hörnet säger att bilarna kör för fort förbi [[K|Mistelskolan]]."),
    ("form", "Min dotter [[sv|Elin]] går på [[K|Astrid Lindgrens förskola]] och vägen dit saknar övergångsställe."),
    (
        "email",
        "Hejsan,\nSkickar på uppdrag av [[sv|Stig-Olov Bark]]s förening. Ni når honom på [[E|stig.olov.bark@telia.com]].\n/[[sv|Märtha]]",
    ),
    ("notes", "[[sv|Sven Tibble]] från [[K|Hammarby]] tog upp parkeringen vid [[K|Bäckby centrum]]."),
    ("sms", "HEJ, DETTA ÄR [[sv|VIVIANNE FRISK]]. BUSSEN 2 STANNAR INTE VID [[K|RÅBY]] LÄNGRE?"),
    (
        "form",
        "Kontakta mig gärna: [[sv|Per-Åke Tornberg]], [[A|Lövsta gård 3, 725 97 Västerås]], tel [[T|021-35 71 90]].",
    ),
    (
        "phone",
        "Samtal från morbror [[sv|Nisse]] (egentligen [[sv|Ragnvald Hedin]]) om ris i diket vid [[K|Tillberga]].",
    ),
    (
        "form",
        "Jag har en fråga om [[K|Pelles Pizzeria]] i [[K|Vallby]]: får de verkligen ha uteservering på trottoaren?",
    ),
    (
        "email",
        "God morgon!\nDoktor [[sv|Hallgren]] på vårdcentralen bad mig skriva om bristen på bänkar i [[K|Vasaparken]].\nHälsningar [[sv|Ingeborg Wiklander]], [[A|Bondegatan 7B]]",
    ),
    (
        "form",
        "Undertecknad, [[sv|Holger Gröndahl]] ([[I|19570823-4415]]), vill överklaga beslutet om bygglov i [[K|Irsta]].",
    ),
    ("sms", "mvh [[sv|karro]] o [[sv|jonte]], bor vid [[K|Djäkneberget]], hundarna släpps lösa där hela tiden"),
    (
        "notes",
        "Boende ([[sv|Henriksson]], [[sv|Olofsdotter]]) framförde att [[K|Gustav Vasas skola]] behöver fler cykelställ.",
    ),
]
FINNISH = [
    ("sms", "[[fi|Lahja]] ja [[fi|Urho Rautiainen]] kiittävät [[K|Önstan]] uudesta penkistä"),
    (
        "email",
        "Hei,\n\nolen [[fi|Tellervo Karjalainen]] ja asun [[K|Råbyssä]]. Bussipysäkin katos on rikki.\n\nTerveisin [[fi|Tellervo]]",
    ),
    (
        "form",
        "Soitin eilen [[fi|Olavi Huttuselle]], hän on samaa mieltä: [[K|Skultunan]] kirjasto tarvitsee pidemmät aukioloajat.",
    ),
    ("sms", "moi, [[fi|jarmo]] täs. lumet on taas auraamatta [[K|Skiljebossa]]. [[T|076-442 18 03]]"),
    (
        "notes",
        "Närvarande från finska föreningen: [[fi|Sinikka Hokkanen]], [[fi|Tuija Ylönen]] och [[fi|Väinö Hakala]].",
    ),
    (
        "form",
        "Jag heter [[fi|Asko Tolvanen]] och har bott i [[K|Bäckby]] sedan 1978. Fru [[fi|Räsänen]] i trappan håller med mig.",
    ),
    (
        "email",
        "Hej!\nMin mamma [[fi|Lyyli]] ([[I|19410302-2868]]) behöver hjälp med färdtjänsten.\nHälsningar [[fi|Arja Kettunen]], [[A|Kopparbergsvägen 31 lgh 1304]]",
    ),
    ("form", "[[fi|Esko Kinnusen]] mielestä [[K|Mälarparkenin]] leikkipuisto on liian pieni."),
    (
        "notes",
        "Ordet lämnades till [[fi|Orvokki Jääskeläinen]] från [[K|Gryta]] och [[fi|Reijo Hyvönen]] från [[K|Önsta]].",
    ),
    ("sms", "TERVEISIN [[fi|MARJA-LIISA PESONEN]], SOITA [[T|070.556.31.27]]"),
    ("map", "Tässä kulmassa [[fi|Ville]] ja [[fi|Sakari Nurmi]] näkivät rotan, roskikset ovat aina täynnä."),
    ("form", "Jag pratade med [[fi|Kaarina Hirvonen]] om [[K|Tuulas Troll]]-förskolans gård; den behöver skugga."),
    (
        "email",
        "Hej kommunen,\n[[fi|Raili]] här igen, ang. busskortet. Mejla mig på [[E|raili.penttinen54@gmail.com]].\n/[[fi|Raili Penttinen]]",
    ),
]
ARABIC = [
    ("form", "Mein Nachbar [[ar|Fadwa Mardini]] sagt, die Straße in [[K|Bäckby]] ist nachts zu dunkel."),
    ("email", "مرحبا\nأرجو التواصل مع زوجتي [[ar|سوسن الحلبي]] على الرقم [[T|072-550 18 62]]\n[[ar|نزار الحلبي]]"),
    ("sms", "hej [[ar|TAREK]] här. när kommer ni och lagar gatlampan vid [[K|Vetterslund]]?"),
    (
        "email",
        "السلام عليكم،\nأنا [[ar|محمود الرفاعي]] من سكان [[K|بكبي]]. الإنارة في الحديقة معطلة منذ شهر.\nمع الشكر",
    ),
    (
        "form",
        "Hej, jag heter [[ar|Lamees Tarabishi]] och bor i [[K|Bäckby]]. Min granne [[ar|Ayman Qabbani]] har också klagat på hissen.",
    ),
    ("sms", "مرحبا انا [[ar|هدى قاسم]] الباص رقم 12 ما يوقف عند [[K|رونبي]] رقمي [[T|0762-19 83 40]]"),
    (
        "notes",
        "Från föräldragruppen: [[ar|Ghufran Al-Janabi]], [[ar|Mouaz Sukkar]] och [[ar|Munir Sabbagh]] vill ha längre öppettider på [[K|Fritidsgården Arken]].",
    ),
    ("form", "كتب [[ar|معاذ سكر]]: نحتاج إلى ملعب كرة قدم في [[K|رابي]] للأطفال."),
    (
        "email",
        "Hej,\nMin pappa [[ar|Abu Nizar]] pratar inte svenska. Ring mig, [[ar|Reem]], på [[T|+46 72 810 55 23]].\nTack",
    ),
    ("map", "[[ar|Ayham Fawaz Atassi]]s bil står alltid på gräset här vid [[K|Hälleborg]], regnr [[R|KLM 47F]]."),
    (
        "form",
        "اسمي [[ar|رنا عبد الله]] وأسكن في [[A|شارع بكبي 9]]. مدرسة أطفالي [[K|Bäckbyskolan]] بعيدة عن موقف الباص.",
    ),
    ("sms", "hej det är [[ar|ziad]] ang. soporna vid [[K|Gideonsberg]], ingen har hämtat på två veckor"),
    (
        "notes",
        "Tolk: [[ar|Widad Naddaf]]. Deltagare: [[ar|Qusai Jaafar]], [[ar|Fatima Zahra Idrissi]]. Ämne: trygghet i [[K|Skallberget]].",
    ),
    ("form", "أخي [[ar|مصطفى]] يعمل في [[K|Ali's Kebab]] بجانب المحطة، ويقول إن المكان غير آمن في الليل."),
]
PERSIAN = [
    ("form", "همسایه ما [[fa|آرمان فتحی]] و خانم [[fa|پروین]] از سروصدای شب شکایت دارند."),
    ("sms", "hej de e [[fa|arman fathi]], cykelstället vid [[K|Skälby]] är förstört"),
    (
        "notes",
        "Från [[K|Råby]]: [[fa|Shahla Moghaddam]] och [[fa|Shervin Daneshvar]] vill ha persisk litteratur på biblioteket.",
    ),
    (
        "email",
        "Hej,\nVänligen kontakta min bror [[fa|Payman]] ([[I|19880131-7749]]) om bostaden.\nMvh [[fa|Roxana Daneshvar]]",
    ),
    (
        "form",
        "[[fa|Khosrow Asadi]] från [[K|Hammarby]] tycker att [[K|Mistelskolan]] saknar persiska modersmålslärare.",
    ),
    ("email", "سلام،\nمن [[fa|فریبرز کریمی]] هستم و در [[K|ویکسنگ]] زندگی می‌کنم. پارک کودکان خیلی کثیف است.\nبا تشکر"),
    (
        "form",
        "Jag heter [[fa|Taraneh Mousavi]], mitt personnummer är [[I|19820915-5526]]. Jag vill söka plats på [[K|Önstaskolan]].",
    ),
    ("sms", "سلام [[fa|فرشته احمدی]] هستم. اتوبوس ۴ دیر می‌آید. [[T|070-923 64 18]]"),
    (
        "notes",
        "Deltog: [[fa|Behzad Nouri]], [[fa|Sara Taheri]] och [[fa|Pejman Zand]] från persiska föreningen i [[K|Västerås]].",
    ),
    ("form", "دخترم [[fa|نگار]] در [[K|Pilträdsskolan]] درس می‌خواند و مسیر دوچرخه خطرناک است."),
    (
        "email",
        "Hej!\nJag och min man [[fa|Farzin Rezvani]] bor på [[A|Vallbyvägen 22 lgh 1201]]. Tvättstugan är trasig.\nMvh [[fa|Fariba Rezvani]]",
    ),
    ("map", "آقای [[fa|صادقیان]] گفت این چراغ راهنمایی کار نمی‌کند."),
    ("sms", "hej [[fa|kian]] här, vem ska jag ringa om klotter vid [[K|Råby bibliotek]]?"),
    ("form", "Frågan gäller [[fa|Mahnaz Parvizi]]s ansökan om parkeringstillstånd, bil [[R|DKR 318]]."),
    ("notes", "Dr. [[fa|Golrokh Saberi]] från vårdcentralen i [[K|Vallby]] informerade om vaccinationer."),
    ("email", "سلام و وقت بخیر\nبا احترام\n[[fa|سیاوش بهرامی‌نژاد]]\n[[E|s.bahraminejad@outlook.com]]"),
]
KURDISH = [
    ("form", "Xwişka min [[ku|Gulizar]] û mêrê wê [[ku|Ciwan Kobanî]] li [[K|Rönnby]] dijîn."),
    ("sms", "slaw, min [[ku|Hawjin Pirot]] im. kalle e trasig i [[K|Vallby]]"),
    ("form", "Silav, navê min [[ku|Berzan Tatar]] e. Ez li [[K|Bäckby]] dijîm û rê pir xirab e."),
    ("sms", "silav ez [[ku|nûdem]] me, otobus 3 nayê [[K|Hammarby]]"),
    (
        "email",
        "سڵاو،\nمن [[ku|ڤیان کەریم]]م و لە [[K|ڕۆنبی]] دەژیم. یاریگای منداڵان پێویستی بە چاککردنەوە هەیە.\nسوپاس",
    ),
    (
        "notes",
        "Deltagare från kurdiska föreningen: [[ku|Dilovan Zêrevan]], [[ku|Nûjiyan Ergin]], [[ku|Agir Bedirxan]].",
    ),
    (
        "form",
        "Hej, jag heter [[ku|Lawin Rasul]] och bor med min bror [[ku|Saman Mahmud]] på [[A|Blåbärsgatan 8]] i [[K|Råby]].",
    ),
    ("sms", "Newroz pîroz be! ez [[ku|rênas]] im, em dixwazin şahiyê li [[K|Vasaparken]] çêkin"),
    ("form", "ناوم [[ku|ژیلا ئەحمەد]]ە. قوتابخانەی [[K|Rönnbyskolan]] زۆر دوورە لە ماڵمان."),
    (
        "email",
        "Hej!\n[[ku|Rezhna Aziz]] heter jag, mamma till [[ku|Bahoz]]. Han går på [[K|Emausskolan]].\nRing [[T|072.614.09.33]]",
    ),
    ("map", "Li vir Kak [[ku|Dana]] û [[ku|Darya Omer]] got ku ronahî tune ye."),
    ("notes", "[[ku|Kosrat Salih]] från [[K|Skiljebo]] och [[ku|Hêja Bozarslan]] tog upp frågan om moskéns parkering."),
    ("form", "ناوی من [[ku|سامان مەحمود]]ە، ژمارەم [[T|0739-55 12 07]]"),
    ("sms", "hi [[ku|bryar]] here, kan ni fixa gungan i [[K|Gryta]]?"),
]
SOMALI = [
    ("form", "Walaashay [[so|Hiis Cawaale]] iyo [[so|Sucdi]] waxay ka shaqeeyaan [[K|Bäckby bibliotek]]."),
    ("sms", "[[so|cabdisalaan]] waa aniga, lambarkaygu waa [[T|073-604 51 29]]"),
    ("form", "Magacaygu waa [[so|Cabdifataax Cusmaan Hersi]], waxaan deganahay [[K|Bäckby]]. Baska waa uu soo daahaa."),
    ("sms", "salaan, waa [[so|hodo]], jidka [[K|Råby]] waa mugdi habeenkii"),
    (
        "email",
        "Hej,\nJag heter [[so|Ardo Aadan]] och är mamma till [[so|Liibaan]] och [[so|Ubax]]. De går på [[K|Rösegårdsskolan]].\nMvh [[so|Ardo]]",
    ),
    ("notes", "Deltagare: [[so|Muuse Dheere]], [[so|Fartuun Nuur]], [[so|Hamda Ciise]] (tolk)."),
    (
        "form",
        "Aniga iyo walaalkay [[so|Cabdiweli Maxamuud]] waxaan rabnaa garoon kubadda cagta ah oo [[K|Skallberget]] ku yaal.",
    ),
    ("phone", "Ringde [[so|Qaali Jimcaale]] om hissen på [[A|Bäckby torg 3 lgh 1403]], nås på [[T|076-288 40 15]]."),
    ("sms", "HALKAN WAA [[so|SABRIIN CILMI]], ILMAHAYGU WAXAY DHIGTAAN [[K|IRSTASKOLAN]]"),
    ("map", "Eeddo [[so|Faynuus]] waxay tidhi meeshan waa khatar carruurta."),
    ("form", "Min granne [[so|Abtidoon Xirsi]] från [[K|Hälleborg]] har inte fått svar på sin ansökan."),
    (
        "email",
        "Haye,\nWaxaan ahay [[so|Farhiya Diiriye]]. Fadlan iila soo xiriir [[E|farhiya.diiriye@hotmail.se]].\nMahadsanid",
    ),
    ("sms", "adeer [[so|Cartan]] wuxuu yiri baska 12 waa buuxaa subaxdii"),
    ("notes", "Sheekh [[so|Abuukar]] från moskén och [[so|Ismaaciil Gaas]] vill ha mötesrum i [[K|Bäckby]]."),
]
TIGRINYA = [
    ("sms", "selam, [[ti|Meaza Tsegai]] ezi, kab [[K|Hammarby]]. parkka zelo lampada tsebiqu"),
    ("form", "ኣደይ [[ti|ለተብርሃን]] ኣብ [[K|Bäckby]] ትነብር።"),
    ("form", "ሰላም፣ ኣነ [[ti|ኣስቴር ተኽለ]] እየ። ኣብ [[K|ራቢ]] እነብር። እቲ መንገዲ ጸልማት እዩ።"),
    ("sms", "selam ane [[ti|mikael abraha]] eye, bus 12 ayweson [[K|Bäckby]]"),
    (
        "email",
        "Hej,\nJag heter [[ti|Akberet Gebru]] och bor på [[A|Ängsgärdet 4A lgh 1001]]. Min son [[ti|Sennay]] går på [[K|Viksängsskolan]].\nTack",
    ),
    (
        "notes",
        "Deltagare från eritreanska föreningen: [[ti|Russom Asfaha]], [[ti|Tedros Ghebreab]], [[ti|Azieb Bahta]].",
    ),
    ("form", "ስመይ [[ti|ሚካኤል ኣብርሃ]] እዩ። ቁጽሪ ስልከይ [[T|070-771 24 86]]"),
    ("map", "[[ti|Efrem Mekonnen]] och [[ti|Habteab Mesfin]] såg att lampan vid [[K|Hökåsen]] var trasig."),
    ("sms", "ane [[ti|feruz]] eye, kab [[K|Gryta]], እቲ ፓርክ ጽሩይ ኣይኮነን"),
    ("form", "ሓወይ [[ti|ሳምሶን ሃይለ]] ኣብ [[K|Västerås]] ይሰርሕ።"),
    (
        "email",
        "Selam,\n[[ti|Medhanit Ghebru]] ezi. Ab [[K|Skiljebo]] zelo bus stop ayseran.\nYekenyeley\n[[ti|Medhanit]]",
    ),
    (
        "notes",
        "Aboy [[ti|Mihretab Ghebremeskel]] från [[K|Vallby]] och [[ti|Nigisti Kiflu]] vill ha kvällsöppet på biblioteket.",
    ),
    ("phone", "Samtal: [[ti|Weyni]], mamma till [[ti|Filimon Ukbamichael]], ringer om skolskjutsen."),
    ("form", "Jag vill tacka [[ti|Tirhas]] på [[K|Mehmets Livs]] som hjälpte min mamma."),
]
TURKISH = [
    ("form", "Komşum [[tr|Nevriye Sarıkaya]] ve eşi [[tr|Rıza]] [[K|Hammarby]]'de yaşıyor, sokak lambaları bozuk."),
    ("sms", "ben [[tr|selin]], [[K|Bäckby]] havuzu neden kapalı?"),
    ("notes", "Representanter: [[tr|Bülent Özkan]] och [[tr|Aysel Gürbüz]] från turkiska föreningen."),
    ("form", "Merhaba, ben [[tr|Nurten Bayraktar]]. [[K|Bäckby]]'de oturuyorum, parktaki lambalar yanmıyor."),
    ("sms", "slm ben [[tr|ilker]], [[K|Råby]]'deki otobüs durağı kırık"),
    (
        "email",
        "Hej,\nJag skriver för min svärmor [[tr|Saadet Turan]], hon bor på [[A|Stensborgsgatan 19]].\nMvh [[tr|Tayfun Güneş]]\n[[T|073-210 98 55]]",
    ),
    ("notes", "Närvarande: [[tr|Nevin Karaca]], [[tr|Cengiz Tekin]], [[tr|Songül Ateş]]."),
    ("form", "[[tr|Taner Erdem]]'in dediğine göre [[K|Skultuna]]'da gençler için hiçbir şey yok."),
    ("map", "[[tr|Gülsüm]] teyzenin evinin önünde her gün araba park ediliyor, plaka [[R|ABC 12D]]."),
    ("sms", "[[tr|ORHAN ÇAKIR]] BURADA, [[K|VALLBY]] SPOR HALLERİ KAPALI MI?"),
    ("form", "Hej, [[tr|Gönül Aydemir]] heter jag. Mitt barn går på [[K|Önstaskolan]] och skolvägen är farlig."),
    (
        "email",
        "İyi günler,\n[[tr|Tolga Ekinci]]'nin annesiyim, [[E|nesrin.ekinci@gmail.com]] adresine yazabilirsiniz.\n[[tr|Nesrin Ekinci]]",
    ),
    ("notes", "[[tr|Şükran Doğru]] från [[K|Gryta]] och [[tr|Nazım Yalçın]] tog upp frågan om [[K|Mehmets Livs]]."),
    ("form", "Doktor [[tr|Ercan Uysal]] vårdcentralde çalışıyor ve [[K|Vallby]]'de otopark yok diyor."),
]
BOSNIAN = [
    ("form", "Moj muž [[bs|Muamer Smajić]] i ja [[bs|Senija]] živimo u [[K|Vallby]] i nema dovoljno parkinga."),
    ("sms", "[[bs|kemo]] ovdje ponovo, ko popravlja klupe u [[K|Vasaparken]]?"),
    ("email", "Hej,\n[[bs|Ajla Tanović]] här, bor på [[A|Skerike Nybyn 3, 725 93 Västerås]].\nTack!"),
    ("form", "Zdravo, ja sam [[bs|Vildana Huskić]] iz [[K|Bäckbyja]]. Rasvjeta u parku ne radi već mjesec dana."),
    ("sms", "ej [[bs|admir]] ovdje, autobus 5 nikad ne dođe na vrijeme u [[K|Skälby]]"),
    (
        "email",
        "Hej,\nMitt namn är [[bs|Zumra Ćatić]] och jag bor på [[A|Vetterslundsgatan 6 lgh 1203]].\nMvh [[bs|Zumra]]",
    ),
    ("notes", "Närvarande: [[bs|Damir Kulenović]], [[bs|Edina Bešić]], [[bs|Nedim Zukić]]."),
    ("form", "Moja komšinica [[bs|Hajra Bajrić]] kaže da je igralište kod [[K|Emausskolan]] opasno."),
    ("map", "[[bs|Fuad Čolaković]]s bil, [[R|XYZ 987]], blockerar cykelbanan här varje morgon."),
    ("sms", "pozdrav od [[bs|MIRSADA ŠEHIĆ]], nazovite me [[T|072-403 77 61]]"),
    ("form", "Hej! [[bs|Zlatan Hrustanović]] från [[K|Hammarby]] här. Vi behöver fler papperskorgar."),
    (
        "email",
        "Poštovani,\nmoj otac [[bs|Hasan Đulić]], rođen [[I|19450611-1238]], treba prijevoz.\nS poštovanjem, [[bs|Nihada Đulić]]",
    ),
    ("notes", "Tant [[bs|Fikreta]] och [[bs|Rasim Mušić]] från [[K|Råby]] vill ha bänkar längs ån."),
    ("form", "Razgovarao sam s [[bs|Enesom Hadžiomerovićem]] o parkiranju kod [[K|Råby bibliotek]]."),
]
POLISH = [
    ("form", "Pani [[pl|Krystyna]] i pan [[pl|Zenon Grabowski]] z [[K|Råby]] proszą o nowe oświetlenie."),
    ("sms", "Hej, [[pl|Mirosław Zawadzki]] här. Vägen vid [[K|Tillberga]] har stora hål."),
    (
        "email",
        "Dzień dobry,\nmój mąż [[pl|Czesław]] ma problem z parkingiem. Tel [[T|076-812 03 55]].\nPozdrawiam, [[pl|Bronisława Zawadzka]]",
    ),
    (
        "form",
        "Dzień dobry, nazywam się [[pl|Bożena Czarnecka]] i mieszkam w [[K|Västerås]] na [[K|Hammarby]]. Brakuje ławek.",
    ),
    ("sms", "czesc tu [[pl|kuba]], autobus 4 znowu spozniony w [[K|Rönnby]]"),
    (
        "email",
        "Hej,\nJag heter [[pl|Renata Wrona]] och bor på [[A|Karlsdalsallén 11 lgh 1104]].\nMed vänliga hälsningar\n[[pl|Renata]]\n[[T|070.118.54.92]]",
    ),
    ("notes", "Närvarande: [[pl|Zygmunt Walczak]], [[pl|Halina Pawlak]], [[pl|Radosław Sowa]]."),
    (
        "form",
        "Moja sąsiadka pani [[pl|Genowefa Olszewska]] mówi, że przy [[K|Irstaskolan]] nie ma przejścia dla pieszych.",
    ),
    ("map", "Pan [[pl|Wróblewski]] z trzeciego piętra parkuje tu samochód [[R|MLB 42K]] codziennie."),
    ("sms", "POZDRAWIAM, [[pl|JADWIGA BORKOWSKA]] Z [[K|VIKSÄNG]]"),
    ("form", "Jag har pratat med [[pl|Ireneusz Jankowski]] från [[K|Skiljebo]] om snöröjningen."),
    (
        "email",
        "Dzień dobry,\npiszę w imieniu [[pl|Beaty Ciesielskiej]], mojej mamy. Kontakt: [[E|zdzislaw.ciesielski@wp.pl]].\n[[pl|Zdzisław Ciesielski]]",
    ),
    ("notes", "[[pl|Bolesław Gajewski]] och [[pl|Urszula Michalak]] tog upp bussen i [[K|Vallby]]."),
    ("form", "Rozmawiałem z [[pl|Jackiem Sikorą]] o placu zabaw w [[K|Bjurhovda]]."),
]
# No personal data at all: precision. Districts, facilities, businesses and Västerås places are KEEP.
NONE = [
    ("form", "Belysningen längs gång- och cykelvägen mellan [[K|Bäckby]] och [[K|Skälby]] är för svag."),
    ("form", "Bilen står parkerad på gräsmattan varje helg, det förstör gräset."),
    ("form", "Biblioteket i [[K|Råby]] borde ha öppet på söndagar."),
    ("map", "Här behövs ett övergångsställe, barnen springer över vägen till [[K|Rönnbyskolan]]."),
    ("sms", "bussen e alltid sen på morgonen, fixa det"),
    ("form", "Snöröjningen i [[K|Hammarby]] kom först efter tre dagar."),
    ("notes", "Mötet diskuterade trygghet kring [[K|Vasaparken]] på kvällstid."),
    ("form", "Lekplatsen vid [[K|Astrid Lindgrens förskola]] har trasiga gungor."),
    ("form", "[[K|Gustav Vasas skola]] behöver bättre ventilation."),
    ("map", "Kön till [[K|Pelles Pizzeria]] blockerar trottoaren på fredagar."),
    ("form", "Ta bort cykelvraken vid [[K|Västerås central]]."),
    ("form", "Kan [[K|Anna Lindhs plats]] få fler träd?"),
    (
        "email",
        "Hej!\n\nJag vill tipsa om att papperskorgarna vid [[K|Mälarparken]] alltid är fulla på sommaren.\n\nMvh en boende",
    ),
    ("sms", "Varför stängde badet i [[K|Kvicksund]]?"),
    ("form", "Glöm inte äldre i [[K|Skultuna]], det finns ingen träffpunkt där längre."),
    ("form", "Bra att [[K|Djäkneberget]] fått nya stigar, tack!"),
    ("form", "Trafiken på Vasagatan är för tung för en skolväg."),
    ("map", "Mörkt och otäckt vid tunneln under järnvägen."),
    ("form", "Ungdomarna i [[K|Gryta]] behöver en fritidsgård som har öppet sent."),
    ("form", "Mer blommor på [[K|Stora torget]] tack."),
    ("form", "Hundrastgården i [[K|Viksäng]] saknar belysning."),
    ("form", "Den nya cykelbanan längs [[K|Mälarstrand]] är fantastisk."),
    ("form", "السلام عليكم، الحديقة في [[K|بكبي]] تحتاج إلى إنارة أفضل. شكرا"),
    ("form", "مدرسة أطفالي بعيدة جدا عن موقف الباص."),
    ("form", "پارک نزدیک خانه ما خیلی تاریک است. لطفا چراغ بگذارید."),
    ("form", "اتوبوس شماره ۲ همیشه دیر می‌آید."),
    ("form", "Newroz li [[K|Vasaparken]] pir xweş bû, spas ji bo alîkariyê."),
    ("form", "Rê li [[K|Bäckby]] pir xirab e û zarok nikarin bi duçerxeyê herin dibistanê."),
    ("form", "سڵاو، ڕێگاکە زۆر تاریکە و منداڵان دەترسن."),
    ("form", "Waa in la dhiso garoon kubadda cagta ah oo ku yaal [[K|Bäckby]]."),
    ("sms", "baska waa uu soo daahaa maalin kasta, fadlan wax ka qabta"),
    ("form", "Ilmahu waxay u baahan yihiin meel ay ku ciyaaraan iyo maktabad furan."),
    ("form", "እቲ ፓርክ ጽሩይ ኣይኮነን። በጃኹም ኣጽርይዎ።"),
    ("form", "Parkissa ei ole tarpeeksi valoja ja talvella on pimeää."),
    ("form", "Lumityöt [[K|Skiljebossa]] ovat aina myöhässä."),
    ("form", "Otobüs durağında oturacak yer yok, yaşlılar ayakta bekliyor."),
    ("form", "[[K|Vallby]]'de gençler için spor salonu lazım."),
    ("form", "Rasvjeta na biciklističkoj stazi ne radi već mjesecima."),
    ("form", "Brakuje ławek i koszy na śmieci przy placu zabaw."),
    ("form", "Autobusy w [[K|Rönnby]] są zawsze spóźnione."),
    ("form", "Café [[K|Oscars Konditori]] på [[K|Kopparlunden]] borde få ha öppet längre."),
    ("form", "Rita på [[K|Emausskolan]] i bildsalen var det bästa vi gjorde i höstas, tack!"),
    ("form", "Nya belysningen vid [[K|Hälleborg]] har gjort stor skillnad."),
    ("form", "[[K|Tuulas Troll]] förskola behöver en större gård."),
    ("en", "The bike lane along [[K|Mälarstrand]] in [[K|Västerås]] is great, but it needs more lights in winter."),
    ("en", "Bus Station at [[K|Västerås central]] feels unsafe at night. More staff please."),
    ("en", "Great Park! The playground at [[K|Vasaparken]] is my kids' favourite."),
    ("en", "Please keep [[K|Anna Lindhs plats]] green, it is the best square in town."),
    ("de", "Der Radweg am [[K|Mälarstrand]] ist schön, aber nachts viel zu dunkel."),
    ("de", "Mehr Bänke und Bäume am [[K|Stora torget]] wären gut für ältere Menschen."),
    ("de", "Das Auto parkt immer auf dem Gehweg in [[K|Viksäng]]. Nur Ärger!"),
    ("de", "Die Bibliothek in [[K|Skultuna]] sollte am Wochenende geöffnet sein."),
]
GROUPS = [
    ("swedish", SWEDISH),
    ("finnish", FINNISH),
    ("arabic", ARABIC),
    ("persian", PERSIAN),
    ("kurdish", KURDISH),
    ("somali", SOMALI),
    ("tigrinya", TIGRINYA),
    ("turkish", TURKISH),
    ("bosnian", BOSNIAN),
    ("polish", POLISH),
    ("none", NONE),
]


def render(marked: str) -> tuple[str, list[dict]]:
    """Strip the markup and return the text with its gold spans."""
    out: list[str] = []
    spans: list[dict] = []
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        chunk = marked[pos : m.start()]
        out.append(chunk)
        length += len(chunk)
        code, value = m.group(1), m.group(2)
        span = {"start": length, "end": length + len(value), "text": value}
        if code in ORIGINS:
            span.update(label="PERSON", origin=ORIGINS[code])
        else:
            span["label"] = LABELS[code]
        spans.append(span)
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), spans


def build() -> list[dict]:
    """Render every hand-written text into a gold record."""
    records = []
    for group, texts in GROUPS:
        for channel, marked in texts:
            text, spans = render(marked)
            records.append(
                {
                    "id": f"heldout2-{len(records) + 1:04d}",
                    "text": text,
                    "entities": spans,
                    "group": group,
                    "channel": channel,
                }
            )
    return records


def main() -> None:
    """Write ``heldout2.jsonl`` next to this script."""
    lines = [json.dumps(r, ensure_ascii=False) for r in build()]
    (HERE / "heldout2.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
