"""Build ``heldout.jsonl``: a fresh REPORT-ONLY set for issue 15 (never tune on it).

Written on 2026-12-07 by a session that had not read the name lists in
``pipeline/anonymize/rules/names`` nor the names the earlier sets missed: names were typed from
memory of each language's naming customs, and every frame below is an invented resident text in
one channel (SMS, e-mail with greeting and sign-off, meeting notes, map comments, phone notes,
web form) or language (Swedish, English, Arabic, Persian, Sorani in Arabic script, Kurmanji,
Tigrinya in Ge'ez script and in Latin transliteration, Somali, Finnish, Bosnian, Polish, Turkish).

Gold spans: PERSON (with ``origin``), ADDRESS, PHONE, EMAIL, ID_NUMBER, PLATE, and KEEP for the
topic (districts, towns, facilities and streets named after people, businesses with a first
name). Each record carries ``group``: the origin of the names in it (``none`` when it has none),
so that precision can be reported per group.

Rules: REPORT ONLY. Report figures from this file; never tune rules on it and never copy its names into a
list. Names that also occur in ``tune.jsonl``/``tune_hard.jsonl`` are skipped so that the sets
stay disjoint. Run ``python tests/data/pii/build_heldout.py`` to rewrite it (fixed seed).
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20261207
TARGET = {
    "kurdish": 60,
    "tigrinya": 60,
    "swedish": 56,
    "somali": 56,
    "arabic": 26,
    "persian": 26,
    "finnish": 22,
    "bosnian": 22,
    "polish": 22,
    "turkish": 22,
}

# origin -> (given names, surnames or father's names)
LATIN = {
    "kurdish": (
        "Dilan Berfin Rojda Zana Azad Baran Hêvî Kawa Nishtiman Sherko Goran Shwan Hawre Hemin Bakhtiyar "
        "Kajal Sirwan Awat Rebwar Soran Avin Bêrivan Jiyan Hejar Serhad Delal Ronahî Hozan Helin Zilan "
        "Diyar Karwan Peshawa Shilan Runak Chnar Srwa Hangaw Ako Shanaz Nazdar Hersh",
        "Amedî Botanî Zaxoyî Dersimi Sindi Baban Ardalan Shwani Bradosti Khoshnaw Hewrami Garmiyani "
        "Qaradaghi Sharafkandi Jaf Bapir Hamakarim Mukriyani Pishdari Barzinji",
    ),
    "tigrinya": (
        "Tesfay Yonas Semhar Luwam Filmon Merhawi Mebrahtu Senait Hagos Kidane Habtom Tsega Abrehet "
        "Yohannes Ruta Winta Kibrom Ghirmay Berhane Aklilu Mussie Okbay Nahom Biniam Robel Freweyni "
        "Hiwet Mehari Tsegay Ermias Goitom Awet Simret Yordanos Meron Adiam Mhret Kiflom Amanuel "
        "Temesghen Fitsum Saba Feven Eyerusalem",
        "Tewelde Weldemichael Gebremedhin Gebreyesus Haileab Zerai Negash Asmerom Teklemariam Andom "
        "Ghebremariam Okubazghi Tesfamichael Woldu Berhe Kahsay Tekeste Mengsteab Habte Ghebrehiwet",
    ),
    "swedish": (
        "Agneta Bengt Britt-Marie Gunilla Håkan Ingemar Kerstin Lars-Erik Linnea Elsa Ebba Ture Sixten "
        "Alva Vilgot Harriet Barbro Roland Åsa Örjan Yvonne Tove Hampus Majken Valter Signe Ove Lisbeth "
        "Ann-Sofi Göran Sten Kent Gösta Inga Tuva Elof Greta Dagny Sune Maud Lage Folke Ivar Wilma Måns "
        "Ylva Hjalmar Bertil Gun Conny",
        "Holmberg Lindqvist Sandberg Åkesson Nyström Engström Blomqvist Hedberg Gustafsson Fredriksson "
        "Sundberg Wallin Ljung Bäckström Falk Lundin Hellström Rask Lund Mora Vik Strand Dahl Kvist "
        "Edlund Hammar",
    ),
    "somali": (
        "Hamse Nasteexo Ilhaan Sagal Kowsar Hamdi Sucaad Warsan Filsan Istar Anab Maryan Najma Safiya "
        "Ruqiya Luul Shukri Qamar Siciid Cabdulqaadir Axmed Maxamed Yuusuf Xuseen Cali Abshir Mukhtaar "
        "Bootaan Keyse Zakariye Khaalid Nuux Iimaan Amiin Sahal Ilyaas Cawo Xaliimo Idil Ramla Bilan "
        "Ifrax Hibaaq Caasha",
        "Samatar Ducaale Cigaal Waabeeye Mire Shirwac Geedi Kaahiye Dhuux Galaal Timacade Bulxan "
        "Sharmaarke Jibriil Qorane Xaashi Goobale Barre Warfaa Jaamac Faarax Bile",
    ),
    "arabic": (
        "Wael Ghada Majid Lubna Bassam Rim Salma Hamza Dina Fadi Nadia Jamal Manal Kareem Rula Tamer "
        "Nisreen Yazan Alaa Maysa Bilal Hanan Raed Suha Anas",
        "Al-Khatib Shami Hariri Kanaan Saad Abu-Zeid Barakat Haddadin Al-Obeidi Jaber Zoubi Nasrallah",
    ),
    "persian": (
        "Arash Parisa Babak Mahsa Farhad Niloufar Kourosh Shadi Bahar Omid Sepideh Dariush Golnaz Behnaz "
        "Kamran Mojgan Payam Roya Siamak Ladan",
        "Tehrani Moradi Rostami Farahani Shirazi Sadeghi Jafari Navabi Kazemi Ghorbani Esfahani Bahrami",
    ),
    "finnish": (
        "Pirjo Tuula Kalevi Sirpa Hannu Aila Raimo Tarja Eino Kaisa Aino Veli Sanna Outi Paavo Leena "
        "Ilona Jouni Mervi Ismo",
        "Virtanen Mäkelä Heikkinen Koskinen Laaksonen Hämäläinen Leinonen Salminen Niemi Rantanen",
    ),
    "bosnian": (
        "Amra Edin Senada Mirza Alma Emir Lejla Adnan Selma Haris Jasmina Kenan Nermin Aida Dženan Azra Samir Belma",
        "Hodžić Begović Mujić Halilović Delić Kovačević Hasanović Omerović Salihović Jusić",
    ),
    "polish": (
        "Agnieszka Tomasz Małgorzata Krzysztof Katarzyna Wojciech Joanna Paweł Ewa Grzegorz Magdalena "
        "Łukasz Dorota Marek Beata Zbigniew Aneta",
        "Kowalczyk Wiśniewska Zieliński Wójcik Kamińska Lewandowski Dąbrowska Szymański Woźniak Mazur",
    ),
    "turkish": (
        "Emre Elif Burak Zeynep Mehmet Ayşe Serkan Derya Volkan Gülsen Murat Esra Kemal Sibel Onur Hülya",
        "Yılmaz Demir Kaya Şahin Çelik Öztürk Aydın Arslan Doğan Koç",
    ),
}
# origin -> (given names, surnames) in the origin's own script
SCRIPT = {
    "kurdish": (
        "ئاراس شیرین دیلان هێمن ڕێبوار کاروان ژیان نەسرین گۆران شوان ئاکۆ سیروان هەژار ڕووناک چنار ئاوات "
        "بەفرین ژینۆ سۆما هاوڕێ",
        "ئەحمەدی کەریمی ڕەسووڵ قادری حەمەد بابان",
    ),
    "tigrinya": (
        "ዮናስ ሰላም ተስፋይ ሰምሃር ዳዊት ሉዋም ፊልሞን ሃብቶም ኪዳነ ሓጎስ ብንያም ኤርምያስ ዊንታ ኣማኑኤል ሄለን ሩት",
        "ገብረመድህን ተኽለ ሃይለ ወልደ ተወልደ በርሀ",
    ),
    "arabic": ("وائل غادة ماجد لبنى حمزة فادي جمال منال سلمى بسام", "الخطيب حداد منصور النجار"),
    "persian": ("آرش پریسا بابک مهسا فرهاد نیلوفر کوروش امید سپیده بهار", "رستمی حسینی مرادی تهرانی"),
}

ANY = None
# (frame, origins allowed or ANY). {F} given name, {S} surname, {N} full name, {f}/{n} lower case,
# {U} upper-case full name, {F2}/{F3} other given names of the same origin, {FS}/{NS} own script;
# [[text|LABEL]] a literal gold span; {PNR} {TEL} {PLATE} generated values inside literals.
FRAMES: list[tuple[str, tuple[str, ...] | None]] = [
    # --- e-mail ---
    (
        "Hej!\n\nJag heter {N} och bor i [[Bjurhovda|KEEP]]. Gatlyktorna på gångvägen mot skolan har varit "
        "släckta i tre veckor.\n\nMed vänliga hälsningar\n{F}",
        ANY,
    ),
    (
        "Hejsan,\nmin granne {N} ramlade på isen utanför [[Coop Hälla|KEEP]] igår. Snöröjningen måste bli "
        "bättre.\n/{F2}",
        ANY,
    ),
    (
        "Från: {N}\nÄmne: Buller\n\nHej, byggarbetet vid [[Mälarporten|KEEP]] börjar redan kl 6 på morgonen. Mvh {F}",
        ANY,
    ),
    (
        "God morgon,\nbifogar bilder på skräpet vid återvinningen i [[Pettersberg|KEEP]].\n\nVänligen\n{N}\n"
        "[[{TEL}|PHONE]]",
        ANY,
    ),
    (
        "Bästa {N},\ntack för svaret. Jag undrar fortfarande när cykelbanan till [[Tillberga|KEEP]] ska "
        "byggas.\nHälsningar {F2}",
        ANY,
    ),
    (
        "Hej kommunen\n\nMitt namn är {N}. Jag har mejlat [[{f}.{s}@hotmail.se|EMAIL]] flera gånger, det är "
        "min adress, men ni svarar till fel adress.\n\nTack på förhand",
        ANY,
    ),
    (
        "Hej,\nSkickar synpunkter från föräldragruppen på [[Elsa Beskows förskola|KEEP]].\nVi saknar skugga på "
        "gården.\n\nMvh\n{N}\n[[{f}{s}@gmail.com|EMAIL]]",
        ANY,
    ),
    (
        "Dear Sir or Madam,\nmy son {F} was almost hit by a car on [[Vasagatan|KEEP]] near the school.\n\n"
        "Kind regards,\n{N}",
        ANY,
    ),
    (
        "Hello, this is {N} from [[Råby|KEEP]]. The playground near [[Vallbyskolan|KEEP]] has been broken "
        "since summer.",
        ANY,
    ),
    (
        "Hi,\nI am writing on behalf of my mother {N}, who cannot reach the health centre in "
        "[[Skiljebo|KEEP]] since the bus line changed.\nThanks,\n{F2}",
        ANY,
    ),
    # --- SMS ---
    ("hej det är {f} i [[råby|KEEP]] lamporna i tunneln är trasiga igen", ANY),
    ("{f} här. bussen kom inte idag heller, ring mig [[{TEL}|PHONE]]", ANY),
    ("sms från {f} {s}: cykelvägen vid [[erikslund|KEEP]] är översvämmad", ANY),
    ("hej igen de e {f}, har ni kollat gupset på [[gryta|KEEP]]??", ANY),
    ("tack för svar / {f}", ANY),
    ("ok men {f2} o jag tycker att fritidsgården borde ha öppet på lördagar", ANY),
    # --- meeting and phone notes ---
    (
        "Anteckningar dialogmöte [[Hammarby|KEEP]] 12/11. Närvarande: {N}, {F2} {S2}. {F} tog upp att "
        "lekplatsen saknar staket.",
        ANY,
    ),
    ("Dialogcafé [[Skallberget|KEEP]]: en kvinna ({F}, 70 år) berättade att hissen varit trasig i månader.", ANY),
    ("Anteckning från samtal: {N} bor i [[Irsta|KEEP]], pendlar till [[Enköping|KEEP]] och saknar tidiga bussar.", ANY),
    (
        "Samtal 14:20. {N} ringde in, vill ha en hundrastgård i [[Malmaberg|KEEP]]. Återkoppling på [[{TEL}|PHONE]].",
        ANY,
    ),
    ("Ordet är fritt: {S} (mötesledare) sammanfattade att parkeringen är huvudfrågan i [[Kristiansborg|KEEP]].", ANY),
    ("Gällande ärende 2024/318: {N} kontaktade oss per telefon och vill bli kallad till nästa möte.", ANY),
    ("Workshop [[Bäckby|KEEP]], grupp 3 ({F}, {F2} och {F3}): fler bänkar, bättre belysning, vakt på kvällarna.", ANY),
    # --- map comments ---
    ("Här vid [[Skiljebo centrum|KEEP]] cyklar folk alldeles för fort. /{F}", ANY),
    ("Farligt övergångsställe! Min son {F} blev nästan påkörd här förra veckan.", ANY),
    ("Bilen [[{PLATE}|PLATE]] står parkerad på gräsmattan vid [[Bäckby centrum|KEEP]] varje natt.", ANY),
    ("Mörkt och otryggt vid [[Sigfrid Edströms gata|KEEP]]. Dottern ({F}) vågar inte gå här.", ANY),
    ("Soptunnorna töms aldrig här. {N}, [[{ADDR}|ADDRESS]]", ANY),
    # --- web form, Swedish ---
    ("{F}, jag tycker att ni borde satsa mer på fritidsgården i [[Hacksta|KEEP]].", ANY),
    ("Min dotter går på [[Nasses förskola|KEEP]] och personalen, särskilt {F}, gör ett jättebra jobb.", ANY),
    ("Ring {N} på [[{TEL}|PHONE]] om ni vill veta mer, hen sitter i styrelsen för hyresgästföreningen.", ANY),
    ("Jag och {F} promenerar varje kväll längs [[Svartån|KEEP]] och det är för mörkt.", ANY),
    ("Fråga {N} på [[{ADDR}|ADDRESS]], hen har bott här i trettio år och vet hur det var förr.", ANY),
    ("Undertecknad, {N} ([[{PNR}|ID_NUMBER]]), överklagar beslutet om färdtjänst.", ANY),
    ("Doktor {S} på [[Oxbackens vårdcentral|KEEP]] sa att många äldre inte orkar gå till hållplatsen.", ANY),
    ("Tack till fritidsledaren {F} på [[Bäckby fritidsgård|KEEP]] som alltid ställer upp!", ANY),
    ("Grannen {F}s hund skäller hela nätterna på [[Gryta|KEEP]].", ANY),
    ("Jag pratade med {N} från [[Vallby|KEEP]] och hon håller med om att vägen är farlig.", ANY),
    ("Mormor {F} kan inte ta sig till [[Emausgården|KEEP]] sedan linje 11 drogs in.", ANY),
    ("Till {N}, handläggare: jag har fortfarande inte fått svar på mitt ärende om bygglov.", ANY),
    ("Min man {F} och jag bor på [[{FARM}|ADDRESS]] och har ingen busshållplats inom två kilometer.", ANY),
    ("Som ordförande i [[Råby BK|KEEP]] vill jag, {N}, lyfta behovet av belysning på konstgräsplanen.", ANY),
    ("Tror {F} har rätt: gräset klipps för sällan i [[Vasaparken|KEEP]].", ANY),
    ("{F} och {F2} i klass 4B på [[S:ta Gertruds skola|KEEP]] önskar fler bänkar på skolgården.", ANY),
    ("Pappa ({N}) har rullator och kommer inte fram på trottoaren vid [[Kopparlunden|KEEP]].", ANY),
    ("Stort tack till {F} på [[Hassans Livs|KEEP]] som hjälpte min mamma hem med kassarna.", ANY),
    ("Kommentar från {N}, [[Avesta|KEEP]]: tåget mot [[Västerås|KEEP]] är alltid försenat.", ANY),
    ("Jag heter {F} och är 16 år. Vi unga i [[Hacksta|KEEP]] har ingenstans att vara på kvällarna.", ANY),
    ("Tack för mötet! Hälsningar {N}, boende på [[Rönnby|KEEP]]", ANY),
    ("Mitt barnbarn {F} säger att skolmaten på [[Vallbyskolan|KEEP]] är kall.", ANY),
    ("Ni på kommunen borde lyssna mer på {N} som driver läxhjälpen i [[Bäckby|KEEP]].", ANY),
    ("Det är {F} som skriver. Jag bor på [[Barkarö|KEEP]] och vägen hit är full av hål.", ANY),
    ("Anmälan gäller lägenheten på [[{ADDR} lgh 1203|ADDRESS]]. Kontaktperson: {N}, tel [[{TEL}|PHONE]]", ANY),
    ("Jag vill tacka sjuksköterskan {N} på [[Västerås sjukhus|KEEP]] för ett fint bemötande.", ANY),
    ("{U} HÄR. VÄGEN VID [[SKALLBERGET|KEEP]] ÄR FULL AV HÅL!!", ANY),
    ("Vår kontaktperson på socialtjänsten, {F} {S}, har slutat och ingen har hört av sig sedan dess.", ANY),
    ("Kan någon på [[Kalles Kebab|KEEP]] flytta sina cyklar? Hälsningar {F}", ANY),
    ("Jag och min sambo {N} har väntat på bostad i fyra år.", ANY),
    ("Enligt {F} {S} på [[Café Maria|KEEP]] kommer det mer folk om torget får tak.", ANY),
    ("{F}s pappa blev påkörd vid [[Hälla|KEEP]] och ingen har satt upp farthinder.", ANY),
    ("Vi, {N} och {F2} {S2}, vill att parken i [[Viksäng|KEEP]] får en grillplats.", ANY),
    ("Skicka beslutet till {N}, [[{ADDR}|ADDRESS]].", ANY),
    ("Tack {F} för att du tog upp frågan på mötet!", ANY),
    ("Min lärare {N} säger att vi får ha rast i [[Anna Lindhs park|KEEP]] bara om den blir upplyst.", ANY),
    ("Jag har bott på [[Stenby|KEEP]] sedan -98 och {F} {S} på trean kan intyga att det blivit sämre.", ANY),
    ("Vem tar ansvar? Min fru {F} bröt handleden på trappan vid [[Djäkneberget|KEEP]].", ANY),
    ("My name is {N} and I live in [[Vetterslund|KEEP]]. The library should stay open longer.", ANY),
    ("Talk to {F} at the front desk of the [[Bäckby library|KEEP]], she knows everyone here.", ANY),
    ("I'm {F}. My kids and I cross [[Stora torget|KEEP]] every day and the cobbles are slippery.", ANY),
    # --- Kurdish ---
    ("Navê min {F} e, ez li [[Bäckby|KEEP]] dijîm. Otobus pir dereng tê.", ("kurdish",)),
    ("Cîranê min {N} dibêje ku ronahî li parkê tune ye.", ("kurdish",)),
    ("Silav, ez {F} im. Zarok li ser rê dilîzin, ew xeternak e.", ("kurdish",)),
    ("Ji kerema xwe re bi {N} re têkilî daynin: [[{TEL}|PHONE]]", ("kurdish",)),
    ("Keça min {F} li [[Råby|KEEP]] diçe dibistanê û rê tarî ye.", ("kurdish",)),
    ("Newroz pîroz be! Ez {N} me, em dixwazin cihekî ji bo cejnê li [[Vasaparken|KEEP]].", ("kurdish",)),
    ("slaw, nawm {f}e, la [[skiljebo|KEEP]] dajim. pasakan zor dwa dakawn", ("kurdish",)),
    ("Min bi {F} {S} re li ser vê yekê axivî, ew jî wisa difikire.", ("kurdish",)),
    ("سڵاو، ناوم {FS}ە و لە [[Råby|KEEP]] دەژیم. ڕێگاکە زۆر تاریکە.", ("kurdish",)),
    ("من {FS}م، دانیشتووی [[Bäckby|KEEP]]م. پاسەکان درەنگ دێن.", ("kurdish",)),
    ("{FS} دراوسێمە و دەڵێت یاریگاکە پیسە.", ("kurdish",)),
    ("کوڕەکەم {FS} لە قوتابخانەی [[Skiljebo|KEEP]] دەخوێنێت و ڕێگاکە مەترسیدارە.", ("kurdish",)),
    ("تکایە پەیوەندی بە {NS} بکەن: [[{TEL}|PHONE]]", ("kurdish",)),
    ("Hej, jag heter {FS} och bor i [[Hammarby|KEEP]].", ("kurdish",)),
    # --- Tigrinya ---
    ("ሰላም፡ ኣነ {FS} እየ። ኣብ [[Råby|KEEP]] እነብር።", ("tigrinya",)),
    ("ስመይ {FS} ይበሃል። ኣውቶቡስ ኩሉ ግዜ ይድንጎ።", ("tigrinya",)),
    ("ጎረቤተይ {FS} ብዛዕባ እቲ መናፈሻ ተሻቒሉ ኣሎ።", ("tigrinya",)),
    ("ምስ {NS} ተዘራሪብና፡ [[{TEL}|PHONE]] ደውሉ።", ("tigrinya",)),
    ("Selam, ane {F} eye. Ab [[Hacksta|KEEP]] enebir, ezi mengedi tsilmat iyu.", ("tigrinya",)),
    ("Shimey {N} yibhal. Kolu'ey ab [[Vallby|KEEP]] timhirti yikeyd.", ("tigrinya",)),
    ("hawey {f} ab [[bäckby|KEEP]] yinebir, busu aytimetsi'n", ("tigrinya",)),
    ("Jag är {N} från Eritrea och bor i [[Skallberget|KEEP]] sedan 2016.", ("tigrinya",)),
    ("Min bror {F} {S} och hans fru {F2} vill ha svenskkurs på kvällstid.", ("tigrinya",)),
    ("Hello, this is {F} {S}. I speak Tigrinya and need an interpreter at [[Bäckby|KEEP]] library.", ("tigrinya",)),
    # --- Somali ---
    ("Magacaygu waa {F}, waxaan deggan ahay [[Vallby|KEEP]]. Baska wuu daahaa mar walba.", ("somali",)),
    ("Walaashay {F} ayaa igu tiri nalka beerta wuu jabay.", ("somali",)),
    ("Fadlan la xiriir {N} [[{TEL}|PHONE]].", ("somali",)),
    ("Aniga iyo {F} waxaan u baahanahay garoon kubadda cagta ah oo [[Råby|KEEP]] ku yaal.", ("somali",)),
    ("Macallimadda {N} ee dugsiga ayaa sheegtay in carruurtu ay baqayaan.", ("somali",)),
    ("salaan, waa {f} {s}. jidka [[hacksta|KEEP]] waa mugdi", ("somali",)),
    ("Hooyaday {F} {S} ma awoodo inay gaarto isbitaalka.", ("somali",)),
    # --- Arabic ---
    ("اسمي {FS} وأسكن في [[Bäckby|KEEP]]. الحافلة تتأخر دائما.", ("arabic",)),
    ("جاري {NS} يقول إن الإنارة في الحديقة معطلة منذ شهر.", ("arabic",)),
    ("مع تحيات {NS}", ("arabic",)),
    ("Marhaba, ana {F} min [[Råby|KEEP]]. el-bas dayman mit'akhar.", ("arabic",)),
    ("Min kusin {N} från Aleppo vill också vara med på mötet.", ("arabic",)),
    # --- Persian ---
    ("سلام، من {FS} هستم و در [[Skallberget|KEEP]] زندگی می‌کنم.", ("persian",)),
    ("همسایه‌ام {FS} می‌گوید که چراغ‌های پارک خاموش است.", ("persian",)),
    ("با تشکر، {NS}", ("persian",)),
    ("salam, man {f} hastam, az [[hammarby|KEEP]]. otobus hamishe dir miad", ("persian",)),
    # --- Finnish ---
    ("Naapurini {N} sanoi, että katuvalot ovat rikki.", ("finnish",)),
    ("Soitin {F}lle eilen, hänkin asuu [[Skiljebossa|KEEP]].", ("finnish",)),
    ("Terveisin {N}", ("finnish",)),
    ("{F}n mielestä bussi kulkee liian harvoin [[Pettersbergiin|KEEP]].", ("finnish",)),
    # --- Bosnian ---
    ("Zovem se {N} i živim u [[Råby|KEEP]]. Autobus stalno kasni.", ("bosnian",)),
    ("Moja komšinica {F} kaže da je park mračan.", ("bosnian",)),
    ("Pozdrav, {F}", ("bosnian",)),
    # --- Polish ---
    ("Nazywam się {N}, mieszkam na [[Skiljebo|KEEP]]. Autobus ciągle się spóźnia.", ("polish",)),
    ("Sąsiadka {F} mówi, że w parku jest za ciemno.", ("polish",)),
    ("Pozdrawiam, {N}", ("polish",)),
    # --- Turkish ---
    ("Merhaba, ben {N}. [[Bäckby|KEEP]]'de oturuyorum ve otobüs hep geç geliyor.", ("turkish",)),
    ("Komşum {F}'in dediğine göre parkta ışık yok.", ("turkish",)),
    ("{F} Hanım her gün [[Stora torget|KEEP]]'ten geçiyor.", ("turkish",)),
]
# Comments without any name: the topic must stay readable.
NO_NAME = [
    "Vi bor nära [[Evert Taubes torg|KEEP]] och där är det skräpigt efter helgerna.",
    "[[Café Maria|KEEP]] vid [[Stora torget|KEEP]] har ramp men inte [[Lindas Blommor|KEEP]].",
    "Bilen blockerar cykelbanan vid [[Erikslund|KEEP]] varje lördag.",
    "Newroz pîroz be! Em li [[Bäckby|KEEP]] pîroz dikin.",
    "Waa in la hagaajiyo jidka [[Rönnby|KEEP]], waayo carruurta ayaa halkaas mara.",
    "Pendeln från [[Sala|KEEP]] och [[Köping|KEEP]] borde stanna i [[Kungsör|KEEP]] också.",
    "Jag pendlar från [[Avesta|KEEP]] och tåget är aldrig i tid.",
    "[[Karin Boyes bibliotek|KEEP]] borde ha öppet på söndagar.",
    "Skateparken vid [[Gideonsberg|KEEP]] är sönder igen.",
    "Kan [[Annas Hembageri|KEEP]] få en lastzon? Lastbilarna står på trottoaren.",
    "[[Astrid Lindgrens skola|KEEP]] behöver fler vuxna ute på rasterna.",
    "Trafiken på [[Carl Larssons väg|KEEP]] är för snabb.",
    "Pizzerian [[Marios|KEEP]] i [[Haga|KEEP]] slänger skräp i rabatten.",
    "Nur wenige Busse fahren am Sonntag nach [[Västerås|KEEP]].",
    "The bus to [[Bjurhovda|KEEP]] is always late. Please fix it.",
    "ሰላም፡ ኣብ [[Råby|KEEP]] ዘሎ መናፈሻ ጽሩይ ኣይኮነን።",
    "پارک [[Vasaparken|KEEP]] شب‌ها تاریک است.",
    "ڕێگای [[Hacksta|KEEP]] پێویستی بە چاککردنەوە هەیە.",
    "Salong [[Amira|KEEP]] på [[Bäckby torg|KEEP]] har alltid kö, bra ställe.",
    "[[Tegnérgårdens förskola|KEEP]] saknar cykelställ.",
    # formats without a name
    "Mitt personnummer är [[{PNR}|ID_NUMBER]] om ni behöver det för ärendet.",
    "pnr [[{PNR}|ID_NUMBER]] tel [[{TEL}|PHONE]]",
    "Bil med reg.nr [[{PLATE}|PLATE]] kör för fort på [[{ADDR}|ADDRESS]] varje morgon.",
    "Det står en husbil, [[{PLATE}|PLATE]], på vändplanen sedan i maj.",
    "Ring mig på [[{TEL}|PHONE]] eller [[{TEL}|PHONE]] efter kl 17.",
    "Adress: [[{FARM}|ADDRESS]]. Vägen hit plogas aldrig.",
    "Jag bor på [[{ADDR}, 722 19 Västerås|ADDRESS]] och hör trafiken hela natten.",
    "Felanmälan: trasig lampa utanför [[{ADDR}|ADDRESS]], [[Skiljebo|KEEP]].",
    "Personnr: [[{PNR}|ID_NUMBER]]. Jag vill ha en kopia av beslutet.",
    "Bilarna [[{PLATE}|PLATE]] och [[{PLATE}|PLATE]] står på cykelbanan.",
    "رقمي [[{TEL}|PHONE]]، أسكن في [[{ADDR}|ADDRESS]].",
    "Lambarkayga waa [[{TEL}|PHONE]].",
    "Samordningsnummer saknas, men personnummer [[{PNR}|ID_NUMBER]] finns.",
    "Skicka svar till [[info.boende@example.se|EMAIL]] tack.",
]
STREETS = "Rönnbergagatan Vallbyleden Fridhemsgatan Kopparbergsvägen Hällaringen Blåsbovägen Karlfeldtsgatan".split()
FARMS = ["Gamla Tidö 12, 725 92 Västerås", "Nykvarn Lillgården 3, 725 97 Västerås", "Hökåsen Norrgården 7"]
TOKEN = re.compile(r"\[\[(.*?)\|([A-Z_]+)\]\]|\{([A-Za-z0-9]+)\}")


def _luhn_pnr(rng: random.Random) -> str:
    digits = f"{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    check = (10 - total % 10) % 10
    century = "19" if rng.random() < 0.5 else ""
    return f"{century}{digits[:6]}-{digits[6:]}{check}"


def _tel(rng: random.Random) -> str:
    a, b, c = (rng.randint(10, 99) for _ in range(3))
    pick = rng.randrange(5)
    return [
        f"07{rng.randint(0, 9)}-{a}{rng.randint(0, 9)} {b} {c}",
        f"07{rng.randint(0, 9)}{a}{b}{c}{rng.randint(0, 9)}",
        f"+46 7{rng.randint(0, 9)} {a}{rng.randint(0, 9)} {b} {c}",
        f"021-{a} {b} {c}",
        f"07{rng.randint(0, 9)}.{a}{rng.randint(0, 9)}.{b}.{c}",
    ][pick]


def _plate(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUWXYZ") for _ in range(3))
    tail = f"{rng.randint(10, 99)}{rng.choice('0123456789ABCDEFGHJKLMNPRSTUWXYZ')}"
    return f"{letters} {tail}" if rng.random() < 0.5 else f"{letters}{tail}"


class Pools:
    """Cycle through each origin's names so that no name repeats before all were used."""

    def __init__(self, rng: random.Random, taken: set[str]) -> None:
        self.rng, self.queues = rng, {}
        self.lists = {}
        for kind, table in (("latin", LATIN), ("script", SCRIPT)):
            for origin, (first, last) in table.items():
                self.lists[(kind, origin, "F")] = [n for n in first.split() if n.lower() not in taken]
                self.lists[(kind, origin, "S")] = [n for n in last.split() if n.lower() not in taken]

    def take(self, kind: str, origin: str, part: str) -> str:
        key = (kind, origin, part)
        if not self.queues.get(key):
            names = list(self.lists[key])
            self.rng.shuffle(names)
            self.queues[key] = names
        return self.queues[key].pop()


def render(frame: str, origin: str | None, pools: Pools, rng: random.Random) -> dict:
    """Fill one frame; return the record with gold spans."""
    people: dict[str, str] = {}

    def person(key: str) -> str:
        base = key.upper().rstrip("0123456789") or key
        suffix = key[len(key.rstrip("0123456789")) :]
        if base in {"FS", "NS"}:
            first = people.setdefault("FS" + suffix, pools.take("script", origin, "F"))
            if base == "FS":
                return first
            return f"{first} {people.setdefault('SS' + suffix, pools.take('script', origin, 'S'))}"
        first = people.setdefault("F" + suffix, pools.take("latin", origin, "F"))
        last = people.setdefault("S" + suffix, pools.take("latin", origin, "S"))
        value = {"F": first, "S": last, "N": f"{first} {last}", "U": f"{first} {last}".upper()}[base]
        return value.lower() if key[0].islower() else value

    def value(key: str) -> str:
        if key == "PNR":
            return _luhn_pnr(rng)
        if key == "TEL":
            return _tel(rng)
        if key == "PLATE":
            return _plate(rng)
        if key == "ADDR":
            return f"{rng.choice(STREETS)} {rng.randint(1, 60)}{rng.choice(['', '', 'B'])}"
        if key == "FARM":
            return rng.choice(FARMS)
        return person(key)

    text, spans, pos = "", [], 0
    for m in TOKEN.finditer(frame):
        text += frame[pos : m.start()]
        pos = m.end()
        if m.group(1) is not None:
            inner = re.sub(r"\{([A-Za-z0-9]+)\}", lambda k: value(k.group(1)), m.group(1))
            spans.append({"start": len(text), "end": len(text) + len(inner), "label": m.group(2), "text": inner})
            text += inner
        else:
            piece = value(m.group(3))
            if m.group(3) not in {"PNR", "TEL", "PLATE", "ADDR", "FARM"}:
                # a full name is one span; case endings and possessive -s stay outside it
                start = len(text)
                spans.append(
                    {"start": start, "end": start + len(piece), "label": "PERSON", "origin": origin, "text": piece}
                )
            text += piece
    text += frame[pos:]
    return {"text": text, "entities": spans}


def _taken() -> set[str]:
    out = set()
    for name in ("tune.jsonl", "tune_hard.jsonl"):
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            for e in json.loads(line)["entities"]:
                if e["label"] == "PERSON":
                    out.update(w.lower() for w in e["text"].split())
    return out


def build() -> list[dict]:
    """Return the records: every group reaches its target; each frame is used about evenly."""
    rng = random.Random(SEED)
    pools = Pools(rng, _taken())
    counts = dict.fromkeys(TARGET, 0)
    used = [0] * len(FRAMES)
    records = []
    for origin in sorted(TARGET, key=lambda o: (o not in SCRIPT, o)):
        own = [i for i, (_, allowed) in enumerate(FRAMES) if allowed and origin in allowed]
        generic = [i for i, (_, allowed) in enumerate(FRAMES) if allowed is None]
        order = own + own  # the origin's own-language frames twice, then the least used shared ones
        while counts[origin] < TARGET[origin]:
            i = order.pop(0) if order else min(generic, key=lambda j: (used[j], rng.random()))
            frame, _ = FRAMES[i]
            used[i] += 1
            record = render(frame, origin, pools, rng)
            counts[origin] += sum(1 for e in record["entities"] if e["label"] == "PERSON")
            records.append({**record, "group": origin, "channel": "frame"})
    for frame in NO_NAME:
        records.append({**render(frame, None, pools, rng), "group": "none", "channel": "frame"})
    rng.shuffle(records)
    return [{"id": f"heldout-{i:04d}", **r} for i, r in enumerate(records, 1)]


def main() -> None:
    """Write heldout.jsonl and print the PERSON count per origin."""
    records = build()
    with open(HERE / "heldout.jsonl", "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for r in records:
        for e in r["entities"]:
            key = e.get("origin") or e["label"]
            counts[key] = counts.get(key, 0) + 1
    print(len(records), "records", counts)


if __name__ == "__main__":
    main()
