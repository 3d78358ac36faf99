"""Nouns by the class of their most frequent WordNet sense. Generated: do not edit.

Made by ``tools/make_wordnet_nouns.py`` from Princeton WordNet 3.0 (Debian's
``wordnet-base``). WordNet 3.0 Copyright 2006 by Princeton University. All rights
reserved. Used under the WordNet 3.0 license, which permits use, copying,
modification and distribution with this notice; WordNet is provided "as is",
without warranty.

* ``PERSON_NOUNS``: the first sense is a kind of person (``refugee``, ``voter``).
* ``GROUP_NOUNS``: the first sense is a group or an organisation (``ministry``, ``police``).
* ``EQUIPMENT_NOUNS``: the first sense is a vehicle, craft, weapon or ammunition.
"""


PERSON_NOUNS: frozenset[str] = frozenset(
    """
abator abbe abbess abbot abbreviator abdicator abductor abecedarian abenaki aberrant abetter abettor
abhorrer abiogenist abjurer abkhas abkhasian abkhaz abkhazian abnaki abnegator abo abolitionist
abomination abominator aboriginal aborigine abortionist abridger abrogator absconder abseiler
absentee absolutist absolver abstainer abstinent abstracter abstractionist abstractor abuser abutter
academic academician acadian accessary accommodator accompanist accompanyist accomplice accordionist
accoucheur accoucheuse accountant accumulator accused accuser achaean achaian achiever achomawi
acolyte acoustician acquirer acrobat activist actor actress actuary adapter adder addict addle-head
addlehead addressee adducer adept adherent adjudicator adjuster adjustor adjutant adman
administrator admiral admirer admonisher adolescent adonis adoptee adopter adorer adulator adult
adulterer adulteress advancer adventist adventurer adventuress adversary advertiser advertizer
advisee adviser advisor advocate advocator aeolian aerialist aeronaut aerophile aesthete
aesthetician aetiologist affiant affiliate affine affirmer affluent afghanistani aficionado african
african-american afrikander afrikaner afro-american agent-in-place aggravator aggregator aggressor
agitator agnate agnostic agriculturalist agriculturist agronomist aide aide-de-camp aircraftman
aircraftsman aircrewman airhead airman airwoman akwa'ala alabaman alabamian alarmist alaskan
albanian albino alcalde alchemist alcoholic alderman aleut aleutian alexandrian alexic algebraist
algerian algonkian algonkin algonquian algonquin alien alienator alienee alienist alienor aliterate
alky all-rounder allayer allegoriser allegorizer allergist alleviator alliterator allocator almoner
almoravid almsgiver alphabetiser alphabetizer alpinist alsatian also-ran altaic alternate alto
altoist altruist alumna alumnus amah amalgamator amanuensis amateur amazon ambassador ambassadress
ambler ambusher ameer american amerindian amhara amigo amir amish amnesiac amnesic amora amoralist
amorist amputator amputee anabaptist anaesthetist anagnost analogist analphabet analphabetic
analysand analyst anarchist anasazi anathema anatomist ancestor ancestress anchorite anchorman
anchorperson ancient andorran androgyne anecdotist anesthesiologist anesthetist angevin angevine
angiologist angler anglican anglo-american anglo-indian anglo-saxon anglophil anglophile anglophobe
angolan angolese anguillan animator animist annalist annamese annihilator annotator announcer
annoyer annuitant anointer anomalist anorectic anorexic answerer antagonist antecedent antediluvian
anthologist anthropoid anthropologist anthropophagite anthropophagus anti anti-american
anti-intellectual anti-semite anticipant anticipator antifeminist antiguan antinomian antipope
antiquarian antiquary antique anzac apache ape-man aper aphakic aphasic aphorist apiarist
apiculturist apologist apostate apostle apothecary apotheosis appalachian apparatchik appeaser
appellant applauder applicant applier appointee appraiser appreciator apprehender apprentice
appropriator approver aquanaut aquarius arab arabian arabist aramaean aramean arapaho arapahoe
arawak arawakan arb arbiter arbitrager arbitrageur arbitrator arboriculturist arborist arcadian
archaeologist archaist archbishop archdeacon archduchess archduke archeologist archer archimandrite
architect archivist archpriest areopagite argentinian argive argonaut arguer arianist aricara aries
arikara aristocrat aristotelean aristotelian arithmetician arizonan arizonian arkansan arkansawyer
armenian armiger arminian armor-bearer armorer armourer arms-runner arouser arranger arriver
arriviste arrogator arrowsmith arsonist arthritic articulator artificer artilleryman artisan artist
artiste aryan ascender ascetic ashkenazi asian asiatic asker aspirant aspirer ass-kisser assailant
assamese assassin assassinator assaulter assayer assemblyman assemblywoman assenter asserter
assessee assessor asseverator asshole assignee assignor assimilator assistant associate assyrian
asthmatic astrogator astrologer astrologist astronaut astronomer astrophysicist atakapa athabaskan
athapascan athapaskan atheist athenian athlete atsugewi attacapan attache attacker attempter
attendant attendee attender attestant attestator attester attestor attorney attracter attractor
auctioneer audile auditor augur augustinian aunt auntie aunty auspex aussie australian austrian
austronesian auteur authenticator author authoress authoriser authoritarian authorizer auto-mechanic
autobiographer autochthon autocrat autodidact automaton auxiliary avatar avenger aviator aviatress
aviatrix avower awol ayah ayatollah azerbaijani aztec b-girl baas babbler babe baboo babu baby
baby-sitter babylonian babyminder babysitter bacchanal bacchant bacchante bachelor bachelor-at-arms
bachelorette back-number backbencher backbiter backer backpacker backscratcher backslapper
backslider backstop backstroker backwoodsman bacteriologist badaga badger badgerer baggageman bagger
bagman bagpiper bahai bahamian bahraini bahreini bailee bailiff bailor bairn baker balancer baldhead
baldpate baldy balkan balker ball-breaker ball-buster balladeer ballerina balletomane balloonist
ballplayer bambino banderillero bandit bandleader bandmaster bandsman bangladeshi banker bankrupt
banneret bantamweight bantu baptist barbadian barbarian bard bargainer bargee bargeman baritone
barkeep barkeeper barker barmaid barman barnburner barnstormer baron baroness baronet barrater
barrator barrister barrow-boy barrow-man bart bartender barterer barytone basileus basketeer
basketmaker basketweaver basotho basque bassist basso bassoonist bastard baster bather batman
batsman batswana batter battle-axe battler baulker bavarian bawd bawler beachcomber beadle beadsman
bearer beater beatnik beau beautician bechuana bedesman bedfellow bedlamite bedouin beduin bedwetter
beefeater beekeeper begetter beggar beggarman beggarwoman beginner beguiler beguine begum
behaviorist behaviourist behemoth beholder beldam beldame belgian believer bellboy belle bellhop
belligerent bellman bellower bellwether bellyacher belorussian beloved benedick benedictine
benefactor benefactress beneficiary bengali beninese berber bereaved berk berliner bermudan
bermudian berserk berserker besieger bestower betrayer betrothed bettor bey bhutanese bhutani
bibliographer bibliophile bibliopole bibliopolist bibliothec bibliotist bicycler bicyclist bidder
bigamist bigot bigwig bilingual bilingualist billionaire biloxi bimbo bimetallist binger biochemist
biographer biologist biophysicist birdbrain birder bisayan bisexual bishop biter blabber
blabbermouth blackamoor blackfoot blackfriar blackguard blackleg blackmailer blackshirt blacksmith
blasphemer blaster bleacher bleeder blighter blimp blocker blockhead blogger bloke blond blonde
blowhard blubberer blucher bludgeoner bluecoat bluejacket bluenose bluestocking bluffer blunderer
blusterer bo's'n bo'sun boarder boaster boatbuilder boatman boatswain bobby bobby-socker bobbysoxer
boche bodybuilder bodyguard boer boffin bohemian bolivian bolshevik bolshevist bolshie bolshy
bombardier bombshell bondholder bondmaid bondman bondsman bondswoman bondwoman bonehead bonesetter
boob booby bookbinder bookdealer booker bookie bookkeeper booklover bookmaker bookman bookseller
bookworm boomer boor booster bootblack bootlegger bootlicker bootmaker boozer borderer bore bornean
borrower bos'n boss bostonian bosun botanist botcher boulevardier bouncer bounder bourbon bourgeois
bowdleriser bowdlerizer bowler bowman boxer boy boyfriend bozo bracero brachycephalic braggart
bragger brahman brahmin brahui brain-worker brainiac brainworker brakeman brat brave bravo brawler
brazilian breadwinner breaker breaststroker breeder breton brewer briber bricklayer bride
bride-to-be bridegroom bridesmaid brigadier brigand brit britisher briton broad broadcaster broker
broker-dealer broncobuster brother brother-in-law brownie brownshirt browser bruiser brule brummie
brummy bruneian brunet brunette brute buccaneer buckaroo buckeroo bucolic buddhist buddy buff
buffoon bug-hunter bugger bugler bugologist bulgarian bulimic bullfighter bully bullyboy bum bumbler
bumpkin bungler bunkmate bunny bunter bureaucrat burgher burglar burgomaster burgrave burmese bursar
burundian busboy bushman bushwhacker businessman businessperson businesswoman busker buster busybody
butch butcher butler butterball butterfingers buttinsky buyer by-blow byelorussian bystander
byzantine cabalist cabinetmaker cad caddie caddo cadet cadger caffer caffre cager cahita cairene
caitiff cajun cakchiquel calapooya calapuya calculator calif californian caliph caller caller-out
caller-up calligrapher calligraphist calvinist cambodian cameraman cameroonian campaigner camper
campmate canaanite canadian canarese canary candidate candlemaker candymaker cannibal cannoneer
canoeist canonist cantabrigian cantor canuck canvasser capetian capitalist capo capricorn captain
captive captor capturer car-mechanic carabineer carabinier carbineer cardholder cardinal
cardiologist cardsharp cardsharper careerist caregiver carelian caretaker carhop carib caricaturist
carillonneur carioca carlovingian carmelite caroler carolingian carolinian caroller carouser
carpenter carper carpetbagger carrier carrottop cartesian carthaginian carthusian cartographer
cartoonist caseworker cashier castaway caster castillian castrate castrato casualty casuist
cat's-paw catalan cataleptic cataloger cataloguer catamite catawba catcher catechist catechumen
caterer catholic catholicos cattleman caucasian cavalier cavalryman caveman caviler caviller cayuga
cebuan celebrant celebrater celebrator celebrity celibate cellist celt cenobite censor centenarian
centerfielder centrist centurion ceo ceramicist ceramist cewa cfo chachka chadian chain-smoker
chairman chairperson chairwoman chaldaean chaldean chaldee challenger chambermaid chameleon champ
champion chancellor changeling changer chap chapelgoer chaperon chaperone chaplain chargeman
charioteer charlatan charmer charon chartist charwoman chased chaser chasid chassid chatelaine
chatterer chauvinist chawbacon cheap-jack cheapjack cheapskate cheater chebab chechen checker
cheerer cheerleader cheesemonger chef chela chemist cheops cheremis cheremiss cherub chewa chewer
chicano chichewa chichi chickasaw chief chieftain child chilean chiliast chiluba chimakum chimariko
chimneysweep chimneysweeper chinaman chink chipewyan chippewa chiromancer chiropodist chiropractor
chiseler chiseller chit choctaw choirboy choirmaster choker chooser choragus choreographer chorine
chorister chosen christian chronicler chucker-out chukchi chum chump churchgoer churchman
churchwarden churl chutzpanik chuvash cicerone cinderella cinematographer circassian circe
cistercian citizen civilian claimant clairvoyant clansman clanswoman clapper clarinetist
clarinettist classicist classifier classmate claustrophobe clergyman cleric clericalist clerk client
climatologist clinician cloakmaker clockmaker clocksmith clone closer clothier clown co-beneficiary
co-defendant co-discoverer co-ed co-pilot co-respondent co-star co-worker coach coachbuilder
coachman coadjutor coalman coaster coastguardsman coauthor coaxer cobber cobbler cochimi cockney
cocksucker coconspirator cocopa cocopah cocotte coddler codefendant coder codetalker codger
coenobite coeval cofounder cog cognate cognoscente coiffeur coiffeuse coiner collaborationist
collaborator colleague collectivist collector colleen collegian collier colombian colonel colonial
colonialist coloniser colonist colonizer coloradan coloratura colored colorist colossian colossus
columnist comanche combatant comber comedian comedienne comer comforter comic commandant commander
commando commentator commie commissar commissionaire commissioner committeeman committeewoman
commodore commoner communicant communicator communist companion compatriot compeer compere
competitor compiler complainant complainer complexifier composer compositor compromiser comptroller
compulsive comrade conceiver concert-goer concessionaire concessioner conchologist concierge
conciliator concubine conductor conductress confectioner confederate conferee conferrer confessor
confidant confidante conformist confrere confucian confucianist confuter congolese congregant
congregationalist congressman congresswoman conjurer conjuror connecticuter connoisseur conoy
conqueror conquistador conscript conservationist conservative conservativist conservator consignee
consigner consignor consort conspirator constable constitutionalist constructivist constructor
consul consultant consumer consumptive contadino contemplative contemporary contender contestant
contestee contester contortionist contra contrabandist contractor contralto contrapuntist contrarian
contributor contriver controller controversialist convalescent convener conventioneer
conversationalist conversationist converso convert conveyancer conveyer conveyor convict cook cooky
coolie cooly coon cooperator coordinator cop copartner copilot coppersmith copt copycat copyist
copyreader copywriter coquette coreligionist corespondent corinthian cornerback cornetist cornhusker
cornishman cornishwoman coroner corporal corporatist correspondent corsair cosignatory cosigner
cosmetician cosmetologist cosmographer cosmographist cosmologist cosmonaut cosmopolitan cosmopolite
cossack costanoan costermonger costumer costumier cotenant cottager cottar cotter cottier coue
councillor councilman councilwoman counsel counsellor counselor counselor-at-law
counter-revolutionist counterdemonstrator counterfeiter counterman counterperson
counterrevolutionary counterrevolutionist counterspy countertenor counterterrorist counterwoman
countess countryman countrywoman courier courser courtesan courtier cousin cousin-german couturier
coward cowboy cowgirl cowhand cowherd cowman cowpoke cowpuncher coxcomb coxswain cpa crackerjack
crackpot cracksman crafter craftsman cragsman crammer craniologist crank crap-shooter crapshooter
crasher craven crawler crazy creditor cree creep creole cretan cretin crewman cricketer crier
criminal criminologist crimper criollo cripple critic croat croatian crofter crone crony crook
crookback crooner cropper cross-dresser cross-examiner cross-questioner crossbencher crosspatch
croupier cruiserweight crusader crybaby cryptanalyst cryptographer cryptologist crystallographer cub
cuban cubist cuckold cuckoo cuirassier culprit cultist cultivator cunctator cunt cupbearer curandera
curandero curate curator curmudgeon cuss custodian customer cut-up cutler cutpurse cutter cutthroat
cyber-terrorist cybernaut cyberpunk cyborg cyclist cymbalist cymry cynic cyprian cypriot cypriote
cyril cytogeneticist cytologist czar czarina czaritza czech czechoslovak czechoslovakian da dabbler
dacoit dad dada daddy dago dairymaid dairyman dakoit dakota dalesman dallier dalmatian damascene
dame damoiselle damosel damozel damsel dancer dancing-master dandy dane danseur danseuse dardan
dardanian daredevil darkey darkie darky darling darner darwinian dastard dauber daughter
daughter-in-law dauphin dawdler dayboy daydreamer daygirl dci deacon deaconess deadbeat deadeye
deadhead deaf-mute dealer dean dear dearest dearie deary deb debaser debater debauchee debaucher
debitor debtor debutante decadent deceased decedent deceiver decipherer deckhand declarer decoder
decorator decoy defalcator defamer defaulter defeatist defecator defector defendant defender defiler
defrauder degenerate degrader deipnosophist deist delawarean delawarian delayer delegate delinquent
deliveryman demagog demagogue demander demigod demimondaine democrat demographer demographist
demoiselle demoniac demonstrator denizen dentist denturist departed departer dependant dependent
deponent deportee deposer depositor depreciator depressive deputy derelict dermatologist dervish
descendant descendent descender deserter designer deskman desperado desperate despoiler despot
detainee detective determinist detractor developer deviant deviate deviationist devisee deviser
devisor devotee devourer dhegiha diabetic diabolist diagnostician dialectician diarist dichromat
dick dickhead dictator die-sinker diegueno diehard diemaker diesinker dieter dietician dietitian
differentiator digger dignitary dike dilettante dilly-dallier dillydallier dimwit diner dingbat
diocesan diplomat diplomate diplomatist dipsomaniac director disarmer disbeliever disburser disciple
disciplinarian discoverer discriminator discussant disentangler disparager dispatcher disprover
disputant dissembler disseminator dissenter dissident dissimulator distiller distortionist
distributer distributor disturber diva diver diversionist divider diviner divorcee dj djiboutian
do-gooder do-nothing doc docent dock-walloper docker dockhand dockworker doctor doctrinaire dodderer
dodger dodo doer doge dogfighter dogmatist dogsbody dolichocephalic dolt domestic dominatrix domine
dominee dominican dominie dominus don don't-know donatist donee donna donor doofus doorkeeper
doorman doormat dorian dork dosser dotard double-crosser double-dealer doubter doughboy doula
dowager down-and-out dowser doxy doyen doyenne dp dr. draftee drafter draftsman draftsperson dragger
dragoman dragoon dramatist draper draughtsman dravidian drawee drawler dreamer dressmaker dribbler
drifter drinker driveller drooler dropkicker dropout drover drudge druggist druid drumbeater drummer
drunk drunk-and-disorderly drunkard druse druze dry dualist dubliner duce duchess ducky dud dude
dueler duelist dueller duellist duenna duffer duke dulcinea dullard dumbass dummy dunce dunderhead
dunkard dunker dupe dustman dutchman dwarf dweeb dweller dyer dyke dynamiter dynamitist dynast
dyslectic dyspeptic earl earner earthling earthman east-sider easterner eater eavesdropper ebionite
eccentric ecclesiastic ecdysiast eclectic eclecticist ecologist econometrician econometrist
economiser economist economizer ectomorph ecuadoran ecuadorian edger editor editorialist edo
educatee educationalist educationist educator edwardian effecter effector effendi egalitarian
egghead egocentric egoist egomaniac egotist egyptian egyptologist ejaculator ejector elamite elder
eldest elector electrician electrocutioner electrologist electroplater electrotherapist elegist
elitist elizabethan elocutionist emancipationist emancipator embalmer embassador embezzler
embodiment embroiderer embroideress embryologist emcee emeer emeritus emigrant emigre emigree emir
emissary emperor empiricist employable employee employer empress emptor emulator enate enchanter
enchantress encroacher encyclopaedist encyclopedist endocrinologist endodontist endomorph endorser
energiser energizer enforcer engineer englishman englishwoman engraver enjoyer enlistee enologist
enophile enquirer enrollee ensign enterpriser entertainer enthusiast entomologist entrepreneur
enumerator environmentalist envoy enzymologist eolian eparch ephesian epicene epicure epicurean
epidemiologist epigon epigone epileptic episcopalian epistemologist equal equalitarian equerry
equestrian equivocator eradicator eremite erie eristic eritrean erotic escalader escapee escapist
escapologist eschatologist escort eskimo esq esquimau esquire essayer essayist esselen essene
esthete esthetician estimator etcher ethician ethicist ethiopian ethnarch ethnic ethnographer
ethnologist ethologist etiologist etonian etruscan etymologist eulogist eunuch eurafrican eurasian
european evacuee evaluator evangelist evenk evenki everyman evildoer evolutionist ewe ewenki ex
ex-boyfriend ex-gambler ex-husband ex-mayor ex-president ex-serviceman ex-spouse ex-wife examinee
examiner exarch excavator excellency exchanger exciseman excogitator excursionist excuser executant
executioner executive executor executrix exegete exhibitioner exhibitionist exhibitor exile
existentialist exodontist exorciser expat expatriate expectorator expender experimenter expert
exploiter explorer exponent exporter expositor expounder expressionist expurgator exterminator
extern extoller extortioner extortionist extra extravert extremist extrovert eyeful eyeish
eyewitness fabian fabricator fabulist facilitator factotum faddist fag faggot fagot fakeer faker
fakir falangist falconer faller falsifier familiar famulus fanatic fancier fantasist fantast faqir
faquir farmer farmerette farmhand farrier farsi fascist fascista fashionmonger fastener fatalist
fathead father father-figure father-in-law fatso fatty faultfinder fauntleroy fauve fauvist
favourite fawner featherweight fed federal federalist fella fellah fellata feller fellow felo-de-se
felon feminist fence-sitter fencer fencesitter fermentologist ferryman fetishist feudatory fiance
fiancee fibber fiddler fiduciary fielder fieldhand fieldsman fieldworker fiend fighter figurehead
figurer fijian filer filibuster filibusterer filicide filipino fill-in fille filmmaker finagler
finalist financier finder finisher fink finn fire-eater fire-swallower firebug firefighter
first-nighter first-rater firstborn fisher fisherman fishmonger fishwife fitter fixer flack
flag-waver flagellant flak flamen flanker flapper flasher flatfoot flatmate flatterer flautist
fledgeling fledgling fleer flibbertigibbet flier flirt flogger floorwalker floozie floozy florentine
floridian florist flouter flunkey flunky flutist fly-by-night flyweight fo fodder foe foeman fogey
fogy follower fomenter fondler foodie fool footballer footman footpad footslogger fop forager
forbear forebear forecaster forefather foreigner forelady foreman foremother foreperson forerunner
forewoman forger forgiver fornicator fornicatress fortuneteller forty-niner forward fossil fossilist
foster-brother foster-child foster-daughter foster-father foster-mother foster-nurse foster-parent
foster-sister foster-son fosterling foundling foundress four-flusher framer franc-tireur franciscan
franco-american francophil francophile francophobe frank fratricide free-lance free-liver freebooter
freedman freedwoman freeholder freelance freelancer freeloader freeman freemason freethinker
freewheeler freewoman frenchman frenchwoman frequenter fresher freshman freudian friar friend
frogman front-runner frontbencher frontiersman frontierswoman frotteur fruitcake fruiterer frump
fucker fuckhead fuckup fuddy-duddy fugitive fugleman fula fulah fulani fulbe fullback fumbler
fumigator funambulist functionalist functionary fundamentalist fundraiser furrier fusilier
fuss-budget fusspot futurist g-man gabonese gadaba gadabout gadfly gadgeteer gael gaffer gagman
gagster gagwriter gainer galatian galilaean galilean gallant galoot galvaniser galvanizer gambian
gambist gambler gamekeeper games-master games-mistress gamin gamine ganef ganger gangsta gangster
ganof gaolbird gaoler garbageman gardener garment-worker garmentmaker garnishee garroter garrotter
gasbag gasman gastroenterologist gastronome gatecrasher gatekeeper gatherer gaucho gaul gawk gawker
gay gazetteer geek geezer geisha gemini gendarme genealogist general generalissimo generalist
geneticist genitor genius genoese gent gentile gentleman gentleman-at-arms gentlewoman geographer
geologist geomancer geometer geometrician geophysicist geordie georgian geriatrician german
germanist gerontologist ghanian ghostwriter ghoul gibraltarian giggler gigolo gilder gillie ginzo
gipsy girl girlfriend girondin girondist git gitana gitano giver gladiator glass-cutter glassblower
glassmaker glassworker glaswegian glazer glazier gleaner globetrotter glossarist glutton gnostic
go-between go-getter goalie goalkeeper goaltender goatherd gob gobbler godchild goddaughter
godfather godmother godparent godson goer gofer goffer gold-beater gold-worker goldbeater goldbrick
goldsmith goldworker golfer goliard gond gondolier gondoliere goner gongorist gonif goniff
good-for-naught good-for-nothing goody-goody goof goof-off goofball goon gopher gorger gospeler
gospeller gossiper gossipmonger goth gouger gourmand gourmandizer gourmet governess governor goy gp
grabber grader graduate graecophile grammarian gramps gran grandad grandaunt grandchild granddad
granddaddy granddaughter grandee grandfather grandma grandmaster grandmother grandnephew grandniece
grandpa grandparent grandson grandstander granduncle granger grannie granny grantee granter grantor
graphologist grappler gravedigger graverobber graybeard grazier greaseball greaser great great-aunt
great-nephew great-niece great-uncle grecian greengrocer greenhorn greenskeeper greeter grenadian
grenadier greyback greybeard griever grifter grind gringo grinner griot groaner grocer groom
groom-to-be groomsman grouch groundbreaker groundkeeper groundling groundskeeper groundsman groupie
groveler groveller grower growler grownup grumbler grump grunter guarantor guard guardian guardsman
guatemalan guerilla guerrilla guesser guest guestworker guide guinean guitarist gujarati gujerati
gull gulper gumshoe gunman gunner gunrunner gunslinger gunsmith gurkha guru guttersnipe guvnor guy
guyanese guzzler gymnast gymnosophist gynaecologist gynandromorph gynecologist gypsy haberdasher
habitant habitue hack hacker hadji haematologist haemophile haemophiliac hag haggler hagiographer
hagiographist hagiologist haida hairdresser hairsplitter hairstylist haitian haji hajji hakeem
hakham hakim hakka halberdier halchidhoma half-breed half-brother half-caste half-pint half-sister
half-wit halfback hammerhead handicapper handler handyman hanger hanger-on hangman hanoverian
haranguer harasser hardliner hardwareman harijan harlequin harlot harmoniser harmonizer harper
harpist harpooneer harpooner harpsichordist harpy harridan harrier harum-scarum harvester has-been
hasid hassid hatemonger hater hatmaker hatter hauler haulier hausa haussa havasupai have have-not
hawker hawkshaw hayseed hazan he-man head-shrinker headcounter headhunter headliner headman
headmaster headmistress headsman headwaiter healer hearer heartbreaker heartthrob heathen heavy
heavyweight hebraist heckler hedger hedonist hegelian heir heir-at-law heiress hell-kite
hell-rooster hellcat hellene hellhound hellion helmsman helot helper helpmate helpmeet hematologist
hemiplegic hemophile hemophiliac henchman herald herbalist herdsman herero heretic heritor
hermaphrodite hermit hero herpetologist herr hesitater hesitator heterosexual hewer hick hidatsa
hierarch high-muck-a-muck high-up highbinder highbrow higher-up highflier highflyer highjacker
highlander highness highwayman hijacker hiker hillbilly hinayanist hindoo hindu hindustani hippie
hippy hipster hire hireling hirer hispanic hisser histologist historian historiographer histrion
hitchhiker hitchiti hitman hitter hittite hmong hoarder hoaxer hobbledehoy hobbler hobbyist hobo
hodman hog hoka holdout holdover holidaymaker hollander hombre home-builder homebody homeboy
homebuilder homegirl homeless homemaker homeopath homeowner homesteader homo homoeopath homophile
homophobe homosexual homunculus honcho honduran honeymooner honkey honkie honky honoree hood hoodlum
hoofer hooligan hoosier hopeful hoper hopi hornist horologer horologist horseman horseshoer
horsewoman horticulturist hosier host hostage hosteller hostess hostler hotdog hotelier hotelkeeper
hotelman hothead hotshot houri house-builder housebreaker housebuilder housefather houseguest
householder househusband housekeeper housemaid houseman housemaster housemate housemother housewife
housewrecker hoyden hualapai hualpai hubby huckster huddler hugger huguenot hulk humanist
humanitarian humdinger hummer humorist humourist hun hundred-percenter hungarian hunk hunkpapa
hunter hunter-gatherer huntress huntsman hupa hurdler hurler husband husbandman hussar hussite hussy
hustler hutu hydrologist hydromancer hygienist hymie hyperope hypertensive hypnotiser hypnotist
hypnotizer hypochondriac hypocrite hypotensive hysteric ianfu iberian ice-skater icelander iceman
ichthyologist iconoclast idahoan idealist idealogue ideologist ideologue idiot idler idolater
idolatress idoliser idolizer igbo ignoramus illegitimate illinoisan illiterate illusionist
illustrator imam imaum imbecile imbiber imitator immigrant immortal immune immunologist imperialist
impersonator importee importer imposter impostor impresario impressionist improver in-law inamorata
inamorato inca incan incarnation incendiary inciter incompetent incumbent incurable independent
indexer indian indianan indigen indigene individual individualist indo-european indonesian indorser
inductee industrialist inebriate infant infanticide infantryman inferior infernal infidel infielder
infiltrator informant informer ingenue inger ingerman ingrate ingrian inhabitant inheritor
inheritress inheritrix initiate initiator injun inka inmate innkeeper innocent innovator inoculator
inpatient inquirer inquisitor insider insolvent insomniac inspector inspirer instigant instigator
instructor instructress instrumentalist insured insurgent insurrectionist intellectual intercessor
interlocutor interloper intermediary intermediator intern internationalist interne internee
internist internuncio interpreter interrogator intersex intervenor interviewee interviewer intimate
intriguer introvert intruder inuit invader invalid invalidator inventor investigator investor
invigilator invitee ionian iowa iowan ioway iraki irani iranian iraqi irelander irishman irishwoman
ironist ironman ironmonger ironside ironworker iroquois irredentist irregular irreligionist
irridentist islamist island-dweller islander ismaili ismailian isolationist israeli israelite
italian itinerant jabberer jack-tar jackanapes jackass jacksonian jacobean jacobin jacobite jailbird
jailer jailor jainist jamaican janissary janitor jansenist jap japanese jat javan javanese jawan
jaywalker jazzman jeerer jeffersonian jerk jerk-off jerker jerry jerry-builder jester jesuit jew
jew-baiter jeweler jeweller jewess jigaboo jihadist jilt jimdandy jimhickey jingo jingoist jinx jnr
jobber jobholder jock jockey jogger johnny joiner joker jokester jongleur jordanian journalist
journeyer journeyman jr judge juggler jugoslav jugoslavian juicer jumper jungian junior junker
junkie junky jurist juror juryman jurywoman justiciar justiciary justifier juvenile kabbalist
kachina kafir kaiser kalapooia kalapuya kalif kaliph kalka kamia kampuchean kanarese kansa kansan
karakalpak karelian karok kashmiri kassite katari kazak kazakh kazakhstani kechua keeper kekchi kelt
kennan kentuckian kenyan keyboardist keynesian khalif khalifah khalka khalkha khan khanty khedive
khirghiz khufu kibbutznik kibitzer kichai kickapoo kicker kid kiddy kidnaper kidnapper kike kiliwa
kiliwi killer killjoy kin kindergartener kindergartner king kingpin kinsman kinsperson kinswoman
kiowa kirghiz kirgiz kisser klansman kleptomaniac klutz kluxer knacker knave kneeler knight
knight-errant knitter knocker knockout know-all know-it-all knower knucklehead koasati kolam
kolkhoznik komi kook korean kota kotar kp kraut krauthead kshatriya kui kurd kusan kuwaiti kvetch
kwakiutl laborer labourer labourite lacer lackey laconian lad laddie ladino lady lady-in-waiting
ladylove laggard lagger laird lakota lama lamaist lamarckian lame lamenter laminator lamplighter
lampooner lancastrian lancer landgrave landholder landlady landlord landlubber landman landowner
landscaper landscapist landsman langlaufer langobard languisher lao laotian lapidarist lapidary
lapidator lapidist lapp lapplander larcener larcenist lascar lasher lass lassie latecomer latinist
latino latitudinarian latvian laudator laugher laughingstock laundress laundryman laundrywoman
laureate lawbreaker lawgiver lawmaker lawman lawyer layabout layman layperson lazar lazybones leader
leaker leaper learner leaseholder leatherneck leaver lebanese lech lecher lector lecturer ledgeman
left-hander left-winger lefthander leftist lefty legate legatee legionary legionnaire legislator
lender lensman leo leper lepidopterist lepidopterologist lesbian lessee lessor letch letterer
letterman levantine leveler leveller levite lexicographer lexicologist liar libber libeler liberal
liberalist liberator liberian libertarian libertine libra librarian librettist libyan licensee
licenser licentiate lie-abed liechtensteiner liege liegeman lieutenant lifeguard lifer lifesaver
lifter light-o'-love light-of-love lighterman lightweight lilliputian limey limner limnologist
limper line-shooter linebacker lineman linendraper linesman lingerer linguist linkboy linkman
linksman lion-hunter liquidator lisper listener literate lithographer lithomancer lithuanian
litigant litigator litter-bearer litterateur litterbug litterer liturgist liverpudlian liveryman
livonian loader loafer loaner loather lobbyist lobsterback lobsterman locater locator lockkeeper
lockman lockmaster locksmith locum lodger logger loggerhead logician logistician logomach
logomachist loiterer lolita lombard londoner loner longbowman longer longshoreman look-alike looker
looker-on lookout loon looney loony looter loser lothario lotus-eater loudmouth louisianan
louisianian lounger lout lovely lover lowbrow lowerclassman lowlander lowlife loyalist lpn luba
lubavitcher lubber luddite lulu lumberjack lumberman luminary lummox lumper lunatic luncher lunger
lunkhead lurcher lurker lush lutanist lutenist lutheran luthier lutist luxembourger luxemburger
lyricist lyrist ma ma'am macaroni macebearer macedonian macer machiavellian machinator machinist
macho macho-man mackem macroeconomist macushla madagascan madam madame madcap madman madrigalist
madwoman maenad maestro mafioso magdalen magician magistrate magnate magnifico magus magyar maha
maharaja maharajah maharanee maharani mahatma mahayanist mahdist mahican mahout mahratta maid maiden
maidservant maidu mailman maimer mainer mainstay maintainer major major-domo major-general majorette
make-peace maker malacologist malahini malawian malay malayan malaysian malcontent maldivan
maldivian malecite malefactor malfeasant malian maligner malik malingerer maltese malthusian maltman
malto maltreater maltster mam mama mamma mammalogist mammy man man-about-town man-at-arms man-child
man-eater manager manageress manakin manchu mancunian mandaean mandatary mandator mandatory mandean
maneuverer mangler maniac manic-depressive manichaean manichean manichee manicurist manikin
mannequin mannikin manoeuvrer manservant mansi manslayer mantrap manumitter maoist map-reader mapper
maquis maquisard maraco maratha marathoner marauder marcher marchioness margrave mari maricopa
marine mariner marketer marksman maroon marquess marquise marrano married marshal martinet martyr
marveller marxist marylander masher masker masochist masorete masorite masquer masquerader massager
masseur masseuse massorete master master-at-arms mastermind masturbator matador matcher matchmaker
mate mater materfamilias materialist mathematician matman matriarch matricide matriculate matrikin
matrisib matron mattole mauler mauritanian mauritian maven maverick mavin maya mayan mayor mayoress
meanie measurer meatman mechanic mechanist medalist medallist meddler mediator mediatrix medico
meeter megalomaniac melancholiac melancholic melchite meliorist melkite melter member memoriser
memorizer memsahib mendelian mender mendicant menial mennonite menominee menomini mensch mensh
menshevik mentioner mentor mercenary mercer merchandiser merchant merchant-venturer merovingian
merrymaker meshuggeneh meshuggener mesmerist mesmerizer mesoamerican mesomorph messenger messiah
messmate mestiza mestizo metalhead metallurgist metalworker meteorologist methodist metic metis
metropolitan mexican mexican-american mexicano mezzo mezzo-soprano miami miao michigander mick
mickey micmac microbiologist microeconomist microscopist middlebrow middleman middleweight midget
midinette midshipman midwife migrant migrator mikado mikmaq milady milanese militant militarist
militiaman milkmaid milkman milksop mill-girl mill-hand millenarian millenarist milliner millionaire
millionairess millwright milord milquetoast mime mimer mimic mimicker minder miner mineralogist
mineworker miniaturist miniconju minimalist minion minister ministrant minnesotan minoan minor
minstrel minter minuteman minx misanthrope misanthropist misbeliever mischief-maker miscreant miser
misfit misleader misogamist misogynist miss missionary missioner missis missourian missus missy
mistress mithraist miwok mixed-blood mixologist mnemonist moaner mobster mocker mod modeler modeller
moderate moderationist modern modernist modiste moghul mohammedan mohave mohawk mohican mojave
molester moll mollah mollycoddle mollycoddler mom momma mommy monacan monarch monarchist monastic
monegasque monetarist moneyer moneygrubber moneylender moneymaker moneyman monger mongol mongolian
mongoloid monitor monitrice monk monochromat monogamist monogynist monolingual monologist monomaniac
monophysite monopoliser monopolist monopolizer monotheist monsieur monsignor montanan montserratian
mooch moocher moon-curser moonie moonlighter moonshiner moor mope mopper moppet moralist mordva
mordvin mordvinian moro moroccan moron morosoph mortal mortgagee mortgager mortgagor mortician
moslem moss-trooper mossback mother mother-in-law motherfucker motile motorcyclist motormouth moujik
mountaineer mountebank mounter mountie mourner mover moviegoer mozambican mp muadhdhin muazzin
muckraker mudslinger muezzin mufti muggee mugger muggins mugwump muhammadan muhammedan mujahid mujik
mujtihad mulatto muleteer mulla mullah multi-billionaire mumbler mummer mummy muncher muralist
murderee murderer murderess murmurer muscle-builder musclebuilder muscleman muser musher musician
musicologist musketeer muskhogean muskogean muskogee muslim muslimah mute mutilator mutineer
mutterer muttonhead muzhik muzjik muzzler mvp mycenaen mycologist mycophage mycophagist myope
myrmidon mystic mythologist nabob nag nagger nahuatl naif nailer namby-pamby namer namesake namibian
nan nance nanna nanny nanticoke nanus naprapath narc narcissist narcist narcoleptic nark narrator
natator national nationalist native nativist natural naturalist naturist naturopath nauruan navaho
navajo navigator navvy nawab naysayer nazarene nazi ne'er-do-well neapolitan nebbech nebbish
nebraskan necessitarian necker necromancer needer needlewoman needleworker negativist neglecter
negotiant negotiator negotiatress negotiatrix negress negro negroid neighbor neighbour neoclassicist
neocon neoconservative neoliberal neologist neonate neoplatonist neopolitan nepalese nepali nephew
nepotist nerd nester nestorian netherlander netkeeper netminder neurasthenic neurobiologist
neurolinguist neurologist neuroscientist neurosurgeon neurotic neutral neutralist nevadan newbie
newborn newcomer newlywed newsagent newsboy newscaster newsdealer newsman newsmonger newspaperman
newspaperwoman newsperson newsreader newsvendor newswoman newswriter newtonian nganasan nibbler
nicaraguan niece nigerian nigerien nigga niggard nigger niggler nightbird nighthawk nightrider nigra
nihilist nimby nincompoop ninja ninny nipper nipponese niqaabi nisei nitpicker nitwit no-account
no-show nob nobelist noble nobleman noblewoman nobody noc noctambulist nomad nominalist nominator
nominee non-catholic non-jew non-resistant nonachiever nonagenarian nonattender nonbeliever
noncandidate noncitizen noncom noncombatant noncompliant nonconformist nondescript nondrinker
nondriver nonesuch nonmember nonpareil nonparticipant nonpartisan nonpartizan nonperson nonreader
nonresident nonsmoker nonstarter nonsuch nonworker nootka normaliser normalizer norse norseman
northerner northman norwegian nosey-parker nosher nosy-parker notability notable notary noticer
nouveau-riche novelist novice novillero nubian nudger nudist nudnick nudnik nullifier nullipara
numerologist numidian numismatist numismatologist numskull nun nuncio nurse nurse-midwife nurseling
nursemaid nurser nurseryman nursling nutcase nutritionist nutter nymphet nympho nympholept
nymphomaniac oaf oarsman oarswoman objector oblate obliger oboist obscurantist observer obsessive
obsessive-compulsive obstetrician obstructer obstructionist obstructor occidental occultist occupant
occupier oceanaut oceanographer octogenarian octoroon oculist odalisque oddball odds-maker odist
oenologist oenophile offender offerer offeror office-bearer officeholder officer official officiant
offspring ofo ogalala oglala ogler ogre ohioan oiler oilman ojibwa ojibway oklahoman old-timer
oldster oldtimer oligarch olmec olympian omaha omani ombudsman omnivore onanist oncologist oneida
oneiromancer onlooker onomancer onondaga operagoer operative ophthalmologist opponent opportunist
opposer oppressor optician optimist optometrist oracle orangeman orator orchestrator ordainer
orderer orderly ordinand ordinary oregonian organ-grinder organiser organist organizer oriental
orientalist originator oriya orleanist ornamentalist ornithologist orphan orthodontist orthoepist
orthopaedist orthopedist orthoptist osage oscan osculator osmanli osteologer osteologist osteopath
osteopathist ostiarius ostiary ostler ostrich ostrogoth ostyak ostyak-samoyed oto otoe
otolaryngologist otologist otorhinolaryngologist ottawa ottoman ouster out-and-outer outcast
outcaste outdoorsman outdoorswoman outfielder outfitter outgoer outlander outlaw outlier outpatient
outrider outsider overachiever overcomer overlord overnighter overseer owner owner-occupier oxonian
oyabun p.o. pa pacha pachuco pacificist pacifier pacifist packer packman packrat padder paddler
paddy padre padrone paederast paediatrician paedophile pagan pageboy painter paiute pakistani pal
paladin palaeontologist palatine paleface paleo-american paleo-amerind paleo-indian paleographer
paleographist paleontologist palestinian pallbearer palmist palmister palooka palsgrave pamlico
pamperer pamphleteer panamanian pandar pander panderer panegyrist panelist panellist panhandler
panjabi panjandrum pansexual pantheist pantomimer pantomimist pantryman pantywaist papa paparazzo
paper-pusher paperboy paperer paperhanger papist papoose pappa pappoose papuan parachuter
parachutist parader paragrapher paraguayan paralegal paralytic paramedic paramedical paramour
paranoiac paranoid paraplegic paraprofessional parapsychologist paratrooper pardner pardoner parent
parer paretic pariah parishioner parisian parisienne parliamentarian parlormaid parlourmaid parodist
parolee parricide parsee parsi parson part-owner part-timer partaker parthian participant partisan
partitionist partizan partner partygoer parvenu pasha pashtoon pashtun passamaquody passenger passer
passer-by passerby paster pastor patentee pater paterfamilias pathan pathfinder pathologist patient
patrial patriarch patrician patricide patrikin patriot patrioteer patrisib patroller patrolman
patron patroness patronne patsy patternmaker patwin patzer pauper pawer pawnbroker pawnee payee
payer paymaster paynim pcp peacekeeper peacemaker peacenik pearler peasant peculator pedagog
pedagogue pedaler pedaller pedant peddler pederast pedestrian pediatrician pediatrist pedlar
pedodontist pedophile peeler peeper peer peeress peewee pen-friend pendragon penetrator penitent
penman penobscot penologist penpusher pensionary pensioner pentathlete pentecostal pentecostalist
peon perceiver percher percipient percussionist perfecter perfectionist performer perfumer peri
perinatologist periodontist peripatetic perisher perjurer perpetrator persecutor persian person
personage personification perspirer persuader peruvian pervert peshmerga pessimist pesterer
petitioner petter pettifogger phalangist pharaoh pharisee pharmacist pharmacologist philanderer
philanthropist philatelist philhellene philhellenist philippian philistine philologist philologue
philomath philosopher philosophiser philosophizer phlebotomist phoenician phoner phonetician phoney
phonologist phony photographer photojournalist photometrician photometrist phrenologist phrygian
physician physicist physiologist physiotherapist phytochemist phytologist pianist picador picaninny
piccaninny pickaninny picker picket picklepuss picknicker pickpocket picnicker pigman pigmy pilate
pilferer pilgrim pillager pillock pilot pima pimp pin-up pinchgut pinhead pinko pioneer pip-squeak
piper piranha pirate pisser pistoleer pitcher pitchman piute pivot place-kicker placeholder
placekicker placeman placeseeker plagiariser plagiarist plagiarizer plainclothesman plainsman
plaintiff plaiter planner planter plantsman plasterer platelayer plater platitudinarian platonist
play-actor playactor playboy player playfellow playgoer playmaker playmate playwright pleader
pleaser pleb plebe plebeian pledgee pledger plenipotentiary plier plodder plotter ploughboy
ploughman ploughwright plowboy plower plowman plowwright plug-ugly plugger plumber plunderer plunger
pluralist plutocrat plyer poacher podiatrist poet poet-singer poetess poetiser poetizer poilu
pointillist pointsman poisoner pol polack polemic polemicist polemist policeman policewoman
policyholder politician politico pollster polluter poltroon polyandrist polycarp polygamist polyglot
polygynist polymath polynesian polytheist pom pommy pomo pomologist ponca ponce ponderer ponka
pontifex pontiff poof pooh-bah pooler poove pop pope popinjay popper populariser popularizer
populist pornographer porter portraitist portrayer portwatcher poser poseur poseuse positivist
posseman possessor post-impressionist postgraduate postilion postillion postimpressionist postman
postmaster postmistress postponer postulant postulator posturer potawatomi potboy potemkin potentate
pothead potholer pothunter potman potter potterer potyokin pouf poulterer poultryman pouter pow
powderer powerbroker powerhouse practician practitioner praetor praetorian pragmatist prankster
prater prattler pre-emptor pre-raphaelite pre-socratic preacher prebendary precentor preceptor
predator predecessor predestinarian predestinationist predictor preemie preemptor prefect prelate
premie premier prentice presbyope presbyter presbyterian preschooler presenter presentist
preservationist preserver president pressman prestidigitator preteen preteenager pretender preterist
pretor prevaricator prexy prey prick prickteaser priest priest-doctor priestess prig primate
primigravida primipara primitive primogenitor primus prince princeling princess printer printmaker
prior prioress prisoner private privateer privateersman prizefighter pro pro-lifer probable
probationer process-server proconsul procrastinator proctologist proctor procurator procurer
procuress prodigal prodigy producer prof professional professor profiteer profligate progenitor
progeny prognosticator programmer prohibitionist projectionist prole proletarian promisee promiser
promisor promoter prompter promulgator proofreader propagandist propagator prophesier prophet
prophetess propman proponent proposer propositus proprietor proprietress prosecutor proselyte
prospector prosthetist prosthodontist prostitute protagonist protectionist protector protege
protegee protestant protester protozoologist provider provincial provisioner provocateur provoker
provost prowler proxy prude pruner prussian psalmist psephologist pseud pseudo pseudohermaphrodite
psychiatrist psychic psycho psychoanalyst psycholinguist psychologist psychoneurotic psychopath
psychophysicist psychotherapist psychotic pteridologist publican publiciser publicist publicizer
pudden-head puddler pudge pueblo puerpera pugilist puke puller puncher pundit punjabi punk punster
punter pupil puppeteer purchaser purist puritan purser pursued pursuer purveyor pusher pushover
pushtun pussycat putter putterer putz pygmy pyrographer pyromancer pyromaniac qadi qatari quack quad
quadripara quadriplegic quadroon quaestor quaffer quaker qualifier quapaw quarreler quarreller
quarrier quarry quarryman quarterback quartermaster quebecois quechua queer querier quester
questioner quibbler quiche quidnunc quietist quin quintipara quisling quitter quizmaster quizzer
quoter rabbi rabble-rouser racialist racist racker racketeer raconteur radiobiologist radiochemist
radiographer radiologist radiotherapist raftman raftsman ragamuffin ragpicker ragsorter raider
rail-splitter railbird railroader railwayman rainmaker raiser raja rajah rajpoot rajput rake
rakehell rambler rancher ranee ranger rani ranker ranter raper rapist rappeller rapper rapporteur
rapscallion rascal rasta rastafarian rat-catcher ratepayer ratifier ratiocinator rationalist ratter
raver ravisher reactionary reader realist realtor reaper reasoner reb rebel rebuker rebutter
receptionist recidivist recipient recitalist reciter reckoner recluse reconciler record-breaker
record-holder record-keeper recoverer recreant recruit recruiter recruiting-sergeant rector recusant
red-header redact redactor redcap redcoat redhead redheader redneck redskin reeler reenactor ref
referee referral refiner refinisher reformer reformist refugee refuter regent regicide registrant
registrar regular reincarnation relative relative-in-law reliever religionist religious remunerator
renegade renovator renter rentier rep repairer repairman repatriate repeater reporter representative
reproacher reprobate reprover republican requester rescuer researcher reservist resident resister
respecter respondent responder restauranter restaurateur rester restorer retailer retaliator retard
retiree retreatant reveler reveller revenant revenuer reverend reversioner reversionist reviewer
reviser revisionist revivalist revolutionary revolutionist rewriter rex rhabdomancer rhetorician
rheumatic rheumatologist rhinolaryngologist rhymer rhymester ribald rider ridiculer riff riffian
rifleman rigger right-hander right-winger righthander rightist ringer ringleader ringmaster rioter
rip ripper riser ritualist rival riveter rivetter roadman roamer roarer roaster robber rocker rogue
roisterer roller-skater rollerblader roly-poly roma roman romani romanian romanoff romanov romantic
romanticist romany romeo rommany romper roofer rookie roomer roomie roommate roomy rooter rope-maker
ropedancer ropemaker roper ropewalker rosicrucian rotarian rotter roue roughneck roughrider rounder
roundhead roundsman rouser roustabout router rover rowdy rower royalist rubberneck rubbernecker rube
ruffian ruiner ruler ruminator rummy rumormonger rumourmonger rumrunner runner runner-up runt
ruralist rusher russian rustic rustler rwandan ryukyuan saame saami sabahan sabbatarian saboteur
sabra saceur sachem saclant sacrificer sacristan saddhu saddler sadducee sadhu sadist sadomasochist
safebreaker safecracker sagamore sage sagittarius sahaptin sahaptino sahib sailmaker sailor
salesclerk salesgirl saleslady salesman salesperson saleswoman salian salter salutatorian saluter
salvadoran salvadorean salvadorian salvager salvor samaritan same sami samnite samoan samoyed
samurai sandbagger sandboy sandwichman sangoma sannup sannyasi sannyasin santee sanyasi saphead
sapper saracen sarawakian sardinian sartor sassenach satanist satirist satrap satyr saudi sauk
saunterer savage savant savara saver savoyard sawbones sawyer saxist saxon saxophonist scab scalawag
scallywag scalper scammer scamp scandalmonger scandinavian scanner scapegoat scapegrace scaremonger
scatterbrain scattergood scenarist scene-stealer sceneshifter sceptic schemer schizophrenic
schlemiel schlep schlepper schlimazel schlockmeister schmo schmoozer schmuck schnook schnorrer
scholar scholastic scholiast schoolboy schoolchild schoolfellow schoolfriend schoolgirl schoolma'am
schoolman schoolmarm schoolmaster schoolmate schoolmistress schoolteacher scientist sciolist scion
scoffer scofflaw scold scolder scorekeeper scorer scorner scorpio scorpion scot scotchman
scotchwoman scotsman scotswoman scoundrel scourer scourger scouser scout scouter scoutmaster scpo
scrag scrambler scrapper scratcher scrawler screamer screecher screener screenwriter screw screwball
screwballer scribbler scrimshanker scriptwriter scrivener scrooge scrounger scrubber scrutineer
scrutiniser scrutinizer sculler scullion sculptor sculptress sculpturer scythian seafarer seaman
seamster seamstress searcher seasonal seasoner secessionist second-in-command second-rater
second-stringer seconder secretary sectarian sectarist sectary secular secularist secundigravida
securer seducer seductress seeder seedman seedsman seeker seer segregate segregationist segregator
seigneur seignior seismologist seizer selectman selector selectwoman self-seeker self-starter selkup
seller semanticist semifinalist seminarian seminarist seminole semiotician semipro semiprofessional
semite sempstress senator sendee sender senegalese seneschal senhor senior sensationalist sensitive
sensualist sentimentalist sentinel sentry separationist separatist sephardi septuagenarian serb
serbian serf sergeant sergeant-at-law sericulturist serjeant serjeant-at-arms serjeant-at-law
sermoniser sermonizer serologist servant server serviceman servitor setter settler settlor
sexagenarian sexist sexpot seychellois shadower shah shahaptian shaheed shaker shakespearean
shakespearian shaktist shaman shammer shamus shanghaier shaper sharecropper shareholder shareowner
sharer sharper sharpie sharpshooter sharpy shasta shaver shavian shawnee she-devil shedder sheeny
sheepherder sheepman shegetz sheik sheika sheikh sheikha sheller shelver shepherd shepherdess
sheriff sherlock sherpa shi'ite shielder shifter shiite shiksa shikse shill shingler shintoist
ship-breaker shipbuilder shipmate shipowner shipper shipwright shirker shirtlifter shirtmaker
shithead shitter shivaist shlemiel shlep shlepper shlimazel shlockmeister shmo shmuck shnook
shnorrer shocker shoeblack shoemaker shogun shona shoofly shopaholic shopkeeper shoplifter shopper
shopwalker shortstop shoshone shoshoni shouter shoveler shoveller shover show-off showgirl showman
shrew shrimp shrink shudra shuffler shut-in shutterbug shylock shyster sib siberian sibling sibyl
sicilian sidekick sidesman sightreader sightseer signaler signaller signalman signatory signer
signior signor signora signore signorina sihasapa sikh silly silver-worker silversmith silverworker
simeon simperer simpleton sindhi singaporean singer singhalese sinhalese sinner sinologist siouan
sioux sipper sir sirdar sire sirrah sis sissy sister sister-in-law six-footer sixth-former skagit
skateboarder skater skeptic sketcher skidder skier skimmer skin-diver skinflint skinhead skinnerian
skinny-dipper skipper skirmisher skivvy skulker skunk skycap skydiver slacker slammer slanderer
slant-eye slapper slasher slattern slaughterer slav slave slaveholder slaver slavey slayer sledder
sleeper sleepwalker sleepyhead sleuth sleuthhound slicer slider slinger slob slobberer sloganeer
slogger slop-seller slopseller slouch sloucher slovak sloven slovene slovenian slowcoach slowpoke
slugabed sluggard slugger slumberer slut slyboots smallholder smarta smasher smiler smirker smoker
smoothie smoothy smotherer smsgt smuggler snacker snapper snarer snatcher sneak sneerer sneezer
sniffer sniffler sniper snitch snitcher sniveler sniveller snob snoop snooper snoot snorer snorter
snot snowboarder snuffler so-and-so sobersides socialiser socialist socialite socializer socinian
sociobiologist sociolinguist sociologist sociopath sodalist sodbuster sodomist sodomite softie softy
sojourner solderer soldier solicitor solitudinarian soloist solon solver somali somalian somebody
someone sommelier somnambulist somniloquist son son-in-law songster songstress songwriter sonneteer
sonny sooner soothsayer soph sophist sophisticate sophomore soprano sorbian sorcerer sorceress
sorehead sorrower sorter sot sotho soubrette soundman sourpuss souse southerner southpaw sovereign
sower spaceman spacewalker spammer spaniard spanker sparer spartan spastic speaker spearhead
specialiser specialist specializer specifier spectator speculator speechifier speechmaker
speechwriter speedskater spelaeologist speleologist spellbinder speller spelunker spend-all
spendthrift spewer sphinx spic spick spik spiller spindlelegs spindleshanks spinmeister spinner
spinster spiritualist spitfire spitter spiv splicer splitter spoiler spoilsport spokesman
spokesperson spokeswoman sponger sponsor spook sportscaster sportsman sportswoman sportswriter
spot-welder spotter spouse spouter sprawler sprayer sprigger sprinter sprog spurner spy spymaster
squabbler squanderer squatter squaw squawker squealer squint-eye squinter squire squirmer squirt
stabber stableboy stableman stacker staffer stagehand stager staggerer stainer stakeholder stalinist
stalker stalking-horse stalwart stammerer stamper stand-in standard-bearer standardiser standardizer
starer starets stargazer starlet starveling statesman stateswoman stationer stationmaster
statistician stay-at-home steady stealer steamfitter steelmaker steelman steelworker steeplejack
steerer steersman stemmer stenographer stentor stepbrother stepchild stepdaughter stepfather
stepmother stepparent stepper stepsister stepson stevedore steward stewardess stick-in-the-mud
stickler stiff stifler stigmatic stigmatist stinker stinkpot stinter stipendiary stippler stirrer
stitcher stock-taker stockbroker stockholder stockist stockjobber stockman stocktaker stoic stomper
stonecutter stonemason stoner stonewaller stooge stoolie stoolpigeon stooper storekeeper storyteller
stowaway strafer straggler straight stranger straphanger strapper strategian strategist strawman
strayer streaker streetwalker stretcher-bearer strider strikebreaker striker stringer striper
stripling striptease stripteaser striver stroller strong-armer strongman struggler strumpet stud
student stuffer stumblebum stumbler stunner stupe stupid stutterer styler stylist stylite subaltern
subcontractor subdeacon subdivider subduer subeditor subjectivist subjugator sublieutenant
submariner submitter subnormal subordinate suborner subscriber subsidiary subsidiser subsidizer
subsister subtracter suburbanite subversive subverter subvocaliser subvocalizer succeeder successor
succorer succourer sucker sudanese sudra suer sufferer suffragan suffragette suffragist sufi
suggester suitor sultan sumatran sumerian summercater summercaters sunbather sundowner sunni sunnite
super supercargo supergrass superintendent superior superman supermarketeer supermarketer supermodel
supermom supernumerary superordinate superstar supervisor supplanter suppliant supplicant supplier
supporter suppresser suppressor supremacist suprematist supremo surfboarder surfer surgeon
surmounter surpriser surrealist surrenderer surrogate surveyor survivalist survivor suspect
sustainer sutler svengali swagger swaggerer swaggie swagman swain swami swashbuckler swayer swazi
swearer swede sweeper sweetheart sweetie swellhead swimmer swindler swineherd swinger switch-hitter
switcher swordsman swot sybarite sycophant syllogiser syllogist syllogizer sylph symboliser
symbolist symbolizer sympathiser sympathizer symphonist symposiarch symposiast syncopator syndic
syndicalist syndicator synonymist syntactician synthesiser synthesist synthesizer syphilitic syrian
systematiser systematist systematizer systemiser systemizer t-man tablemate tacker tackle tackler
taco tactician tadzhik tagalog tagalong tagger tahitian tai tailback tailor taiwanese tajik takelma
taker talebearer taleteller talker tallyman tamer tamil tantaliser tantalizer tantrist tanzanian tao
taoiseach taoist taos tapper tapster taracahitian tarahumara tarheel tart tartufe tartuffe tarzan
taskmaster taskmistress taste-maker taste-tester taster tatar tatterdemalion tattler tattletale
taxer taxidermist taxman taxonomer taxonomist taxpayer tchotchke tchotchkeleh teacher teammate
teamster tearaway tease teaser tec techie technician technocrat technologist technophile technophobe
ted teen teenager teetotaler teetotalist teetotaller tekki telecaster teleologist telepathist
telephoner televangelist telltale tellurian telugu temp templar temporary temporiser temporizer
tempter temptress tenant tenderfoot tennessean tenno tenorist tentmaker tergiversator termagant
termer terminator terpsichorean territorial terrorist tertigravida testate testator testatrix testee
tester testifier teton teuton teutonist texan thai thane thatcherite thaumaturge thaumaturgist
theatergoer theatregoer theban theist theologian theologiser theologist theologizer theoretician
theoriser theorist theorizer theosophist therapist thespian thessalian thessalonian thief thinker
third-rater thirster thoroughbred thought-reader thracian throttler throwaway thrower throwster
thruster thug thurifer thwarter tiddler tiger tightwad tike tiler tilter timberman timekeeper
timeserver timorese timpanist tinker tinkerer tinner tinsmith tinter tipper tippler tipster tiro
titan tither title-holder titterer tlingit toady toaster toastmaster tobacconist tobagonian
tobogganist toda toddler toff togolese toiler toller tollgatherer tollkeeper tollman toltec tom
tomboy tomfool tongan toolmaker toper topper torchbearer toreador torero tormenter tormentor torpedo
tort-feasor tortfeasor torturer tory tosser totalitarian totemist toter totterer touch-typist
toucher tough toughie tourer tourist tout touter tovarich tovarisch towhead townee towner townes
townie townsman towny toxicologist tracer tracker tracklayer tractarian trader tradesman
traditionalist traducer trafficker tragedian tragedienne trailblazer trailer trainbandsman
trainbearer trainee trainer trainman trainmaster traitor traitress tramp tramper trampler transactor
transalpine transcendentalist transcriber transexual transferee transferer transferor transferrer
transgressor transient translator transmigrante transmitter transplanter transsexual transvestite
trapper trappist trapshooter traveler traveller traverser trawler treasonist treasurer treater
trekker trembler trencher trencherman trend-setter trespasser tribade tribesman tribologist tribune
tricker trickster trier trifler triggerman trigonometrician trimmer trinidadian trinitarian tripper
tritheist triumvir troglodyte trojan troller trollop trombonist trooper trotskyist trotskyite
troubadour troublemaker troubler troubleshooter trouper truant truckler trudger truelove trumpeter
trustbuster trustee truster trustor trusty tsar tsarina tsaritsa tsatske tshatshke tsimshian tswana
tuareg tub-thumper tubercular tugger tulu tumbler tuner tungus tungusic tunisian tunker tupi
turcoman turk turki turkmen turkoman turncoat turncock turnkey turtler tuscan tuscarora tutee tutelo
tutor tutsi twaddler twat twerp twiddler twin twiner twirler twirp twit two-timer tycoon tyke
tympanist typesetter typist typographer tyrant tyro tyrolean tzar tzarina ubermensch udmurt ugandan
uighur uigur ukranian ultraconservative ultramontane ump umpire unbeliever uncle underachiever
underboss underclassman underdog undergrad undergraduate underling underperformer undersecretary
underseller understudy undertaker underwriter undesirable undoer unfastener unfortunate uniat uniate
unicyclist unilateralist unionist unitarian unperson unraveler unraveller untier untouchable
upbraider upholder upholsterer uprooter upsetter upstager upstart uranologist urchin uriah urinator
urologist uruguayan usbeg usbek user usherette usufructuary usurer usurper utahan ute utiliser
utilitarian utilizer utopian ux. uxor uxoricide uygur uzbak uzbeg uzbek v.p. vacationer vacationist
vaccinator vaccinee vacillator vagrant vaishnava vaisya valedictorian valentine valet valetudinarian
valuator valuer vamp vamper vandal vanisher vanquisher vaquero varlet varmint varnisher vassal
vaticinator vaudevillian vaulter vaunter vedist vegan vegetarian vendee vender vendor venerator
venetian venezuelan venter ventriloquist venturer veps vepse vepsian verbaliser verbalizer verger
verifier vermin vermonter versifier vestal vestryman vestrywoman vet veteran veterinarian veterinary
vexer vibist vibraphonist vicar vicar-general vice-regent vicegerent vicereine viceroy victim
victimiser victimizer victor victorian victualer victualler vietnamese viewer vigilante viking
vilifier villager villain villainess villein vindicator vintager vintner violator violinist violist
violoncellist vip virago virgin virginian virgo virologist virtuoso visayan viscount viscountess
visigoth visionary visitant visitor visualiser visualizer vitaliser vitalist vitalizer viticulturist
vivisectionist vixen vizier vocalist vociferator vogul voicer voider voluntary volunteer voluptuary
vomiter votary voter votyak vouchee voucher vower voyager voyeur vulcaniser vulcanizer vulgarian
vulgariser vulgarizer wac wacko waddler waffler wag wagerer waggoner waggonwright wagnerian wagoner
wagonwright wahabi wahhabi waif wailer wainwright waiter waitress wakashan waker walapai walk-in
walk-on wall-paperer wallah walloon walloper wallpaperer wally waltzer wampanoag wanderer wangler
wanker wannabe wannabee wanter wanton warbler ward ward-heeler warden warder wardress warehouseman
warehouser warlord warmonger warrantee warranter warrantor warrener warrior washer washerman
washerwoman washingtonian washwoman wasp wassailer waster wastrel watchdog watcher watchmaker
watchman watercolorist watercolourist waterer waterman watusi watutsi waver waverer wax-chandler
wayfarer weakling wearer weasel weatherman weaver webmaster weeder weekender weeper weigher
weightlifter weirdie weirdo weirdy weisenheimer welcher welcomer welder well-wisher welsh welsher
welshman wench wencher wesleyan west-sider westerner wet-nurse wetback wetnurse whacko whale whaler
wheedler wheelwright whiffer whig whiner whipper whipper-in whippersnapper whirler whisperer
whistle-blower whistleblower white whitey whittler whiz whiz-kid whizz whizz-kid wholesaler whore
whoremaster whoremonger whoreson wiccan wichita wicket-keeper widow widower widowman wife wiggler
wight wigmaker wildcatter wimp windbag winder windtalker winemaker wingback winger wingman winker
winnebago winner wino wintun wiper wire-puller wireman wirer wiretapper wisconsinite wiseacre
wisenheimer witch witch-hunter withdrawer withholder withstander witness witnesser wittol wiz wizard
wobbly wog wolverine woman womaniser womanizer wonderer wonk woodcarver woodcutter woodman woodsman
woodworker wooer woolgatherer woolsorter wop word-painter wordmonger wordsmith workaholic worker
workfellow workingman workman workmate world-beater worldling worrier worrywart worshiper worshipper
worthy wrangler wrecker wrester wrestler wretch wriggler write-in writer wrongdoer wuss wykehamist
wyomingite xhosa xylophonist yachtsman yachtswoman yahi yahoo yakut yakuza yana yank yankee
yankee-doodle yanker yardbird yardie yardman yardmaster yavapai yawner yearling yearner yeller
yemeni yeniseian yenta yeoman yes-man yid yielder yob yobbo yobo yodeller yokel yoruba youngster
younker youth yucatec yucateco yugoslav yugoslavian yuma yuppie zairean zairese zambian zany zapotec
zapotecan zealander zealot zimbabwean zionist zombie zoologist zoroastrian zulu zuni
""".split()
)

GROUP_NOUNS: frozenset[str] = frozenset(
    """
a'man a-team aarp academe academia academy acc aclant adhocracy admass admiralty aec afisr afl
afl-cio afspc aged agency agglomeration aggregation ai aircrew airforce akhbari albigenses alignment
alinement allies ally amphictyony ancestry ancients ang antibiosis arab-berbers arcado-cyprians arda
argosy aristocracy armada armamentarium armour army arng array asean assemblage assizes association
assortment atf athenaeum atheneum audience authoritarianism authorities autocracy automaker
avant-garde aviation avifauna azeri backfield backlog baffled band banquet baptists baronage
baronetage bastion batch battalion battery beanfeast beatniks beats benelux berbers bevy bibliotheca
bikers biome biota biotype bja bjs blind bloc bloodline bloodstock bmdo board bollywood bolshevism
booboisie bookclub bookfair bootboys bop bosk botany bottler bourgeoisie bracket brahmanism
brahminism branch breadline breed brethren brigade brokerage brood browse brush buddhism bunch
bundesbank bundle bureau bureaucracy bureaucratism business businessmen businesspeople cabal
caboodle cadre caesarism callathump callithump camarilla camorra canebrake capitalism caravan
cardinalate carload carmaker cartel cast categorisation categorization category catena cathari
cathars caucus cautious cavalcade cavalry ccrc cdc ch'in ch'ing chabad chabad-lubavitch chain
chancery chaparral charity chasidim chassidim chicane choir chou chow christendom chunk church
church-state cia cid cim cio circus cis cisc citizenry city-state civilization clade clan claque
class clergy clerisy clew clientele clinic clique clod clon clowder club clump cluster clustering
coalition coastguard coevals cohort collection collective collectivism college colloquium colony
column combination combo commission committee commonality commonalty communism community company
conclave concourse conference congeries congregation congress conservancy conservatory consistory
consortium constabulary constituency constitutionalism constructivism contemporaries content
contingent conventicle convention convocation convoy copartnership coppice copse cordon core
cornhusking corp corporation corps corrections cortege coterie council country countryfolk couple
court court-martial coven covert covey cream crew crossroads crowd cse csis ctc cubism cult
culturati culture cumulation curia cyclades dadaism dagestani dail damned darpa data dccp dea dead
deaf dealership deco deconstructivism defeated delegation demimonde denomination department
deputation descendants dia diarchy diaspora dichotomy dictatorship dink dippers directorate disabled
discomfited division diwan dixiecrats dod doe doei doi doj dojc doomed dos dot-com dragnet drms
drove dtic duality duette duma dunkers dyarchy dynasty ec echelon economy ecosoc ecosystem ecumenism
eec eightsome elderly elect electorate elite enemy enlightened enosis ensemble entente entourage epa
episcopacy escadrille ethnos europol exec expo expressionism f.i.s.c. faa faction faithful falange
family fandom fao farrago fauna fauvism fbi fcc fcs fda fdic feast fedayeen federation fellowship
fema feudalism few fha fhlmc filmdom fincen findings firm flagging flank fleet flemish fletc flight
flock flora fnma folk folks followers following forest formation forum foursome fps frat fraternity
free friendly frs fsb ftc fto futurism fws gaap gaggle galaxy galere gallery gallicanism gallimaufry
gam gamelan gang gangdom gangland gao gathering gatt gaudy gendarmerie gendarmery genealogy
generation genome genotype gens gentlefolk gentry gerontocracy gestapo gild gimmickry gironde glob
gop governance governed government government-in-exile gpo grade grandstand gridlock grove gsa guild
guomindang gymnasium gynarchy gynecocracy habsburg haganah hamlet han handicapped hapsburg haredi
hasidim hasidism hassidim hawala haycock hayrick haystack heap hebraism hebrews hedgefund hegemon
hegemony herbarium herd herrenvolk hhs hierarchy hierocracy highschool hinayana hindooism hinduism
hip-hop hippies hipsters hive hodgepodge hohenzollern hollywood homebound homefolk horde hostile
hotchpotch household housewarming hud hudood hudud i.w.w. iaea ibrd ic icao icc icu ida idf ifc iis
ilo imagism imf imo inc indaba indie industrialism industry infantry ingroup inquisition inr ins
inspectorate institute institution instrumentality insurer intelligentsia international interpol irs
isi iskcon islam islamism isn israelites issuer iww jainism jati jewry jirga judaica judaism
judicatory judicature judiciary junta junto jury jv karaites kashag kgb khalsa kibbutz kindergarten
kindred kinfolk kinsfolk kith klavern kludge knesset knesseth knighthood knot koinonia kokka kolkhoz
kuomintang lablink labor labour laity law law-makers ld. leaders league legion legislature levee
liao line lineage linemen literati litter lost ltd. luftwaffe luminism lump lumpenproletariat lycee
lyceum macumba madrasa madrasah maffia mafia mahayana mailing maimed majors manpower manufacturer
maori mariachi marines marshals masque masquerade masses mates matriarchate matriarchy matrix mayas
mbundu mcia medici meeting melange membership men menage menagerie mercantilism meritocracy metadata
methodists military militia ming mingle-mangle minimalism ministry minority minors minstrelsy minyan
miscellanea miscellany mishmash mishpachah mishpocha mission mixer mob mobocracy mods monarchy
monocracy monotype mormons moshav mossad motley motorcade mounties msb muckheap muckhill mujahadeen
mujahadein mujahadin mujahedeen mujahedin mujahideen mujahidin multiversity musketry muslimism
muster mutawa mutawa'een mythology nac nara nasa nation nationality nato navy nawcwpns naziism
nazism ncdc needy neoexpressionism neoromanticism network newsroom nga ngb ngo nicu nih nij nist
nlrb noaa nobility nonalignment nonalinement npc nra nrc nro nsa nsc nsf nsw nswc nt ntis nuwc oas
obeah obi ochlocracy octette oddments oecumenism officialdom oig oireachtas ois oligarchy omayyad
omb ommiad omnium-gatherum oni opcw opec orchestra ordering organisation organization osha outfit
overpopulation overspill ovimbundu pac package packet pair panchayat panchayet panoply pantheon
papacy parade paramilitary paratroops parish parliament partnership party pastorate patriarchy
patrol peasantry pedigree peepshow peerage people peoples personnel pesantran pesantren pharma
philharmonic phratry phs phyle phylum pietism pile plantagenet platoon playschool plenum plo
pluralism plutocracy pointillism police politburo polytechnic pontificate poor populace population
porte posse posterity potpourri praesidium prelacy prelature preschool presidium priesthood
processor profession progression proletariat psychedelia public publisher punchayet punks pyre qin
qing quadrumvirate quadruple quakers quango quartette quasi-ngo queue quintette quintuple quorum
rabbinate rabble raf ragbag ragtag rainforest rajanya rally rank raree-show rastafari rastas rave-up
rcmp readership rear rearguard recessional reductivism regime regiment reich reit remuda repertoire
republic reserves retarded retinue retreated retrospective reunion revisionism rich riffraff rockers
rota rotc rout row ruck sa sabaoth sabbat sainthood saktism salmagundi sanhedrin sas
saxe-coburg-gotha sayeret sba schmear schmeer school schutzstaffel scientology screenland scrub scum
seanad seance secession secondary secretariat secretariate sect seljuk selva seminar seminary senate
separatism septette sequence series set settlement sevensome sextette sezession shakers shaktism
shang sharia shariah shebang shia shiah shindig shindy shinto shivaism shmear shogunate shua sick
signage sirc sivaism sixsome skinheads slagheap slain smithereens smorgasbord snarl-up sociable
social society sodality soiree soldiery sorority soviet sovietism soviets species spinney squad
squadron squirearchy ss ssa sss stack staff stalinism statuary straggle stratocracy streak strings
sturmabteilung subclass subcommittee subculture subfamily subgenus subgroup subkingdom suborder
subphylum subset subspace subspecies subsystem sung superclass superfamily superorder superphylum
superpower suprematism surrealism suzerain svr swad swarm symposium syndicalism syndicate synod
synset table tableau taleban taliban tammany tantrism taoism taxon taxonomy team tech technocracy
telco tenantry theocracy thicket threescore throng timid totalitarianism totem townsfolk townspeople
tradespeople traffic trainband transpose tribe tribunal trichotomy trilogy trinketry triplicity
triumvirate troop troops troponomy troupe tryst tsa tudor tuft turnout turnverein tussock tyranny
u.s. ulama ulema umayyad umma ummah un unconfessed underbrush underclass underground undergrowth
underwood underworld unemployed unesco unicef uninitiate union unionism university usaf uscb usda
usmc usn usps usss usuli utility utn vaishnavism vaisnavism valois van vanguard var. variety varsity
vaudois vegetation venation venire vernation vestry vfw vicariate vicarship victoriana viewers
village waldenses walloons waterworks wei who wicca wildlife wisp wmo womankind woodpile woods
workforce wounded wto yeomanry yeshiva yeshivah york zen zhou zoology zurvanism
""".split()
)

EQUIPMENT_NOUNS: frozenset[str] = frozenset(
    """
.22 4wd a-bomb abm ack-ack aeroplane aflatoxin airbus aircraft airgun airliner airplane airship
ambulance ammo ammunition amphibian angledozer antiaircraft apc armament arms arquebus arsenal
artillery assagai assegai auto autobus autogiro autogyro autoloader automatic automobile balloon
banderilla bareboat barge barouche barque battleship battlewagon bayonet bazooka bb bicycle
bicycle-built-for-two bike bioarm bioweapon biplane birchbark blockade-runner blockbuster
bloodmobile blu-82 blunderbuss boat bobsled bobsleigh bodkin bogy bomb bomber bombie bomblet
boneshaker bookmobile boomerang botulin botulismotoxin boxcar breechloader bren brig brigantine
broadsword brougham buckboard buckshot buggy bulldozer bullet bumboat bus cabriolet camion canister
cannon cannonball canoe car car-ferry carack carbine caroche carrack carriage cart cartouch
cartouche cartridge catamaran catboat cattleship chairlift charabanc chariot chloroacetophenone
chlorobenzylidenemalononitrile choo-choo clarence claymore coach-and-four cockleshell commuter
conestoga containership convertible coracle corvette coupe creese crossbow cruiser culverin cutlas
cutlass dagger dart derringer destroyer dhow diesel-electric diesel-hydraulic dinghy dinkey dinky
dirigible dirk dodgem dogcart dogsled dolly doodlebug dory double-decker double-prop dozer dragunov
dray dreadnaught dreadnought dredger droshky drosky dumdum dumpcart dumper dustcart e-bomb eggbeater
electric epee exocet falchion fan-jet fanjet felucca ferry ferryboat firearm fireboat firebomb
firelock flamethrower flatbed flatboat flatcar flintlock floatplane fore-and-after forklift
forty-five four-pounder four-wheeler freighter frigate fugo fusil ga galleon galley garand gat gb gd
gharry gig glider go-kart golfcart gondola grapeshot grenade gun gunboat gunnery gurney gyroplane
h-bomb hackbut hackney hagbut halberd handbow handcar handcart handgun hansom hardtop hardware
harquebus hatchback hatchet hearse helicopter horse-cart horse-pistol horsebox horsecar hot-rod
houseboat hovercraft howitzer hoy hum-vee humvee hydroplane icbm ice-wagon iceboat icebreaker
indiaman interceptor ironclad jalopy jampan jeep jet jetliner jinrikisha jitney jumbojet kalashnikov
kamikaze kayak keelboat ketch khukuri kiley kirpan knockabout knuckles knucks kris kylie lachrymator
lacrimator lance landrover launch launcher lem lgb lifeboat lightship limber limited limo limousine
local locomotive longboat longbow lorry luge luger lugger m-1 mace machete mailboat man-of-war
manpad matchet matchlock merchantman milkwagon minelayer minesweeper minibike minibus minicab
minicar minivan missile monocycle monoplane moped mortar motorbike motorboat motorbus motorcar
motorcoach motorcycle motortruck munition musket narrow-body narrowboat nautilus nitrochloromethane
off-roader ordnance ornithopter orthopter outboard oxcart paddle-wheeler palankeen palanquin panga
pantechnicon panzer pedicab perambulator phaeton pickup pigboat pinnace pirogue pistol plane poniard
pontoon ponycart powerboat pram projectile propjet pullman pung push-bike pushcart pushchair r.v.
raceabout railcar rapier remise revolver ricksha rickshaw rifle roadster rocket ropeway round
rowboat runabout rv s.u.v. saber sabre sailboat sailplane sam sampan sarin scattergun scimitar
scooter scow seaplane seb sedan self-loader semiautomatic semitrailer shay shell ship shipwreck shiv
shotgun showboat shrapnel shrimper shunter side-wheeler six-gun six-shooter skateboard ski-plane
skibob skiff skyhook sled sledge sleigh sloop slug small-arm smoothbore sno-cat snowmobile
snowplough snowplow soman spacecraft spaceship spandau spear speedboat spitball square-rigger
stagecoach stanhope starship steamboat steamship sternwheeler stiletto stockcar streamliner
streetcar subcompact submarine sulky supertanker surfboat suv sword t-bar tabun tank tanker taxi
taxicab teacart teargas technical telfer telpher toboggan tomahawk towboat tractor train tram
tramcar tramway transport transporter tricycle trident trike trimaran trireme troika trolley
trolleybus troopship truck tub-cart tugboat tumbrel tumbril turbofan turbojet turboprop twin-prop
twin-propeller-plane twinjet two-seater u-boat unicycle used-car uzi v-1 vehicle velocipede vouge
w.m.d. waggon wagon wagon-lit warplane warship weapon weaponry whaleboat wheelbarrow wherry
whirlybird whizbang whizzbang wide-body windjammer wmd yacht yataghan yawl
""".split()
)
