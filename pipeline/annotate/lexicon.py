"""Word lists the name recogniser leans on.

Capitalised words in FRUS prose are mostly not names: sentence openers,
institutions, places, nationalities. These lists say which words are *not*
personal names (``NOT_NAMES``) and which words are titles that introduce a
name (``TITLES``). The volume's own List of Persons and List of Abbreviations
add to them at load time (see ``frontmatter.Frontmatter.not_names``).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from ..grammar import DAYS, MONTHS


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Compare names ignoring accents, case and the kind of apostrophe."""
    text = unicodedata.normalize("NFD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


# Titles and offices written before a name: "Mr. Rubottom", "Ambassador Carrillo
# Flores", "Secretary of State Dulles" (the "of State" is bridged by the rule).
TITLES = frozenset("""
Mr. Mrs. Miss Ms. Messrs. Dr. Dr Sr. Sra. Srta. Señor Señora Senhor Senhora Dom Don Doña Sir Lord Lady Dame
Madame Mme. Mlle. Monsieur Herr Frau
President Presidents Vice Premier Minister Ministers Ambassador Ambassadors Secretary Secretaries Undersecretary
Chargé Charge Consul Counselor Counsellor Attaché Senator Senators Congressman Congresswoman Representative
Governor Mayor Delegate Envoy Nuncio Chancellor Chairman Commissioner Director Administrator Adviser Advisor
General Gen. Generalissimo Admiral Adm. Colonel Col. Lieutenant Lt. Captain Capt. Major Maj. Commander Comdr.
Cmdr. Brigadier Brig. Sergeant Sgt. Marshal Commodore Cdr. Lt.Col.
Judge Justice King Queen Prince Princess Emperor Empress Shah Sultan Emir Sheikh Pope Cardinal Archbishop Bishop
Father Monsignor Rev. Reverend Professor Prof. Comrade Dictator
Senor Senora Senorita Señorita Dona Sra Signor Signora Mister Madam Mademoiselle Prime Aide Aides
Amb. Hon. Sen. Gov. Rep. Pres. Secy. Supt. Msgr.
""".split())
# Courtesy titles, offices and "Prime" (of "Prime Minister") are titles, kept outside the
# name: "Senor Roa", not "<persName>Senor Roa</persName>".

# Abbreviations with full stops that are no one's initials: "U.S. Policy" is no name.
DOTTED = frozenset("U.S. U.S.A. U.K. U.N. U.S.S.R. N.A.T.O. O.A.S. D.C. A.M. P.M.".split())

# Things named after a person: "the Carter Library" names no one; "the Brzezinski
# Collection" (a person's papers) does.
NAMED_AFTER = frozenset("""Library Libraries Foundation Institute Center Centre School College University Hall
Building Street Avenue Boulevard Square Bridge Dam Doctrine Airport Memorial Award Prize Lecture Lectures Trust
Museum Park Highway Amendment Act Plan Corollary Line""".split())

# The usual short forms of English given names, for persons listed under the full
# name and called by the short one ("Moose, Richard M." is "Dick Moose"): full → shorts.
SHORT_FORMS = {full: shorts.split() for full, shorts in (
    ("albert", "al"), ("alexander", "alex"), ("andrew", "andy"), ("anthony", "tony"), ("benjamin", "ben"),
    ("charles", "charlie chuck"), ("christopher", "chris"), ("cyrus", "cy"), ("daniel", "dan"),
    ("david", "dave"), ("donald", "don"), ("douglas", "doug"), ("edward", "ed ted"), ("frederick", "fred"),
    ("gerald", "jerry"), ("harold", "hal"), ("henry", "hank harry"), ("herbert", "herb"), ("james", "jim jimmy"),
    ("john", "jack"), ("joseph", "joe"), ("kenneth", "ken"), ("lawrence", "larry"), ("leonard", "len"),
    ("michael", "mike"), ("nicholas", "nick"), ("patrick", "pat"), ("peter", "pete"), ("philip", "phil"),
    ("raymond", "ray"), ("richard", "dick rick"), ("robert", "bob bobby"), ("ronald", "ron"), ("samuel", "sam"),
    ("stephen", "steve"), ("steven", "steve"), ("theodore", "ted"), ("thomas", "tom"), ("timothy", "tim"),
    ("walter", "walt"), ("william", "bill bud"), ("zbigniew", "zbig"),
)}

# Titles that also introduce a name in lower case: "Treasury representative May".
LOWER_TITLES = frozenset({"representative", "ambassador", "minister", "president", "senator", "secretary",
                          "delegate", "colleague"})


# Particles inside names: "Kubitschek de Oliviera", "Batista y Zaldivar", "van Zeeland".
PARTICLES = frozenset("de da do dos das del della di du la le van von der den y e bin ibn al el ten ter".split())

# Name suffixes kept inside persName: "R. R. Rubottom, Jr."
SUFFIXES = frozenset({"Jr.", "Sr.", "II", "III", "IV", "II."})

_FUNCTION = """
The A An In On At By For From To With As But And Or Nor If When While After Before Since This That These Those
It Its He She We They I You His Her Hers Our Their My Your There Here What Which Who Whom Whose Why How Where
All Any Some No Not Both Each Every Many Most Much More Such Other Another Also However Therefore Thus Moreover
Furthermore Meanwhile Although Though Because Unless Until During Under Over Through Upon Into Of Per Re Yes
Please Regarding Reference See Only Even Then Now Later Finally First Second Third Fourth Fifth Sixth Seventh
Last Next Following Further Again Already Accordingly Nevertheless Instead Perhaps Probably Certainly Indeed
Recently Today Tomorrow Yesterday Tonight Let Should Would Could Will Shall May Might Must Can Do Does Did Is
Are Was Were Be Been Has Have Had Dear Sincerely Faithfully Respectfully Very Yours Sir Gentlemen Excellency
Whereas Whether Except Nothing Everything Something Anything None One Two Three Four Five Six Seven Eight Nine
Ten Eleven Twelve Twenty Hundred Thousand Million Half Part Point Item Items Para Paragraph Section Chapter
Ante Supra Infra Ibid Ibid. Id. Cf. Note Notes Comment Comments Summary Conclusion Conclusions Background
Discussion Recommendation Recommendations Problem Problems Action Actions Attachment Annex Tab Enclosure Appendix
Begin End Text Quote Unquote Verbatim Message Reply Answer Question Questions Agreed Approved Drafted Cleared Sent
Received Repeated Info Information Priority Niact Secret Confidential Unclassified Restricted Limited Official Use
Eyes Top Telegram Telegrams Memorandum Memoranda Letter Letters Despatch Airgram Instruction Circular Aide-Mémoire
Aide-Memoire Editorial Document Documents Draft Subject Participants Present Page Pages Volume Copy Copies Files
File Lot Source Sources Central Department Departments Embassy Embassies Legation Consulate Mission Missions
Delegation Government Governments Ministry Ministries Office Offices Bureau Division Affairs Agency Administration
Committee Commission Council Congress Senate House Court Bank Banks Fund Funds Party Parties Union Republic Republics
Nations Organization Organizations Conference Conferences Meeting Meetings Session Treaty Treaties Pact Charter
Act Acts Law Laws Plan Plans Program Programs Programme Operation Operations Project Projects Army Navy Air Force
Forces Corps Marine Marines Staff Staffs Chiefs Joint National Federal International Inter-American American
Americans Americas Files Finance Economic Economics Political Politics Military Defense Defence Treasury Commerce
Agriculture Interior Labor Labour Justice Security Intelligence Cooperation Development Export-Import Trade Power
Light Company Companies Corporation Corp. Co. Inc. Ltd. Association Institute University Press Times Post Herald
Tribune Journal Radio Television Soviet Soviets Communist Communists Communism Catholic Church Christian
Democratic Democrats Democrat Republican Republicans Socialist Socialists Liberal Liberals Conservative
Conservatives Radical Radicals Revolutionary Revolution Popular Nationalist Nationalists Peronist Peronists
Labor Free World Cold War Peace East West North South Eastern Western Northern Southern Latin Hemisphere
Continent Continental Europe European Europeans Asia Asian Africa African Middle Near Far Pacific Atlantic
Caribbean Andean Amazon River Plate Canal Zone Island Islands Gulf Sea Ocean City Province Provinces State
States United Kingdom Free Foreign Relations Bulletin Public Papers Presidents Record Stat. Statutes Executive
Legislative Judicial Supreme Cabinet Palace Residence Hotel Club Airport Field Base Station Plant Mine Mines
Oil Petroleum Steel Copper Tin Coffee Sugar Cotton Wheat Gold Dollar Dollars Peso Pesos Cruzeiro Cruzeiros
God Lord Easter Christmas Day Year Years Week Month Months Fiscal Budget Tariff Customs Agreement Agreements
Convention Declaration Resolution Resolutions Protocol Accord Accords Statement Communiqué Communique Report
Reports Estimate Estimates Study Studies Paper Papers Survey Review Analysis Memo Annexes Enclosures
General Special Regional Acting Assistant Deputy Under Chief Staff Officer Vice Executive Permanent Alternate
Interim Provisional Ad Hoc Senior Junior Principal Personal Private Public Civil Social Cultural Financial
Monetary Technical Scientific Atomic Nuclear Missile Missiles Naval Aviation Airline Airlines Airways Lines
Steamship Railway Railways Highway Electric Electricity Telephone Telegraph Cable Cables Light Works Industries
Industry Industrial Development Bank Export Import Inter Panamerican Pan Operation Alliance Progress
Assembly Assemblies Secretariat Headquarters Board Group Groups Team Notetaker Note-taker Interpreter
Rapporteur Observer Observers Associate Associates
""".replace("_", " ")

_COUNTRIES = """
Afghanistan Afghan Albania Albanian Algeria Algerian Angola Angolan Argentina Argentine Argentines Argentinian
Australia Australian Austria Austrian Bahamas Barbados Belgium Belgian Bolivia Bolivian Bolivians Brazil
Brazilian Brazilians Britain British Bulgaria Bulgarian Burma Burmese Cambodia Cambodian Cameroon Canada
Canadian Ceylon Chile Chilean Chileans China Chinese Colombia Colombian Colombians Congo Congolese Costa Rica
Costa_Rica Rican Ricans Cuba Cuban Cubans Cyprus Czechoslovakia Czech Denmark Danish Dominican Dominicans
Ecuador Ecuadoran Ecuadorean Ecuadorian Egypt Egyptian El Salvador Salvador Salvadoran Salvadorans England
English Ethiopia Ethiopian Finland Finnish Formosa France French Germany German Germans Ghana Greece Greek
Guatemala Guatemalan Guatemalans Guiana Guinea Haiti Haitian Haitians Holland Dutch Honduras Honduran Hondurans
Hungary Hungarian Iceland India Indian Indians Indonesia Indonesian Iran Iranian Iraq Iraqi Ireland Irish
Israel Israeli Italy Italian Italians Jamaica Japan Japanese Jordan Jordanian Kenya Korea Korean Laos Lao
Lebanon Lebanese Liberia Libya Libyan Luxembourg Malaya Malaysia Mexico Mexican Mexicans Morocco Moroccan
Netherlands Nicaragua Nicaraguan Nicaraguans Nigeria Norway Norwegian Pakistan Pakistani Panama Panamanian
Panamanians Paraguay Paraguayan Paraguayans Persia Peru Peruvian Peruvians Philippines Philippine Filipino Poland
Polish Portugal Portuguese Puerto Rico Puerto_Rico Rican Rhodesia Rumania Romania Rumanian Russia Russian
Russians Saudi Arabia Arabian Arab Arabs Scotland Siam Somalia Spain Spanish Sudan Sweden Swedish Switzerland
Swiss Syria Syrian Taiwan Thailand Thai Trinidad Tobago Tunisia Turkey Turkish USSR Uruguay Uruguayan Uruguayans
Venezuela Venezuelan Venezuelans Vietnam Viet-Nam Vietnamese Yemen Yugoslavia Yugoslav Ecuadorans Antilles
Bermuda Greenland Hawaii Alaska Soviet_Union Union_of_Soviet_Socialist_Republics America Caribbean Yucatan
Patagonia Amazonia Guianas Surinam Suriname Belize Honduras Andes Chaco Galapagos Falkland Falklands Malvinas
"""

_PLACES = """
Washington Moscow London Paris Bonn Berlin Rome Madrid Lisbon Havana Habana Bogota Bogotá Caracas Quito Lima La
Paz Santiago Buenos Aires Montevideo Asunción Asuncion Rio Janeiro Brasília Brasilia São Sao Paulo Recife
Bahia Belém Belem Manaus Porto Alegre Grande Sul Minas Gerais Pernambuco Amazonas Santos Panama Colón Colon San
Tegucigalpa Managua Guatemala Port-au-Prince Ciudad Trujillo Santo Domingo Kingston Ottawa Montreal
Toronto Tokyo Peking Beijing Taipei Seoul Saigon Hanoi Bangkok Delhi Karachi Tehran Baghdad Cairo Jerusalem Tel
Aviv Beirut Damascus Amman Ankara Athens Belgrade Warsaw Prague Budapest Vienna Geneva Bern Berne Brussels Hague
Amsterdam Copenhagen Oslo Stockholm Helsinki Dublin York Chicago Angeles Francisco Miami Boston Philadelphia
Baltimore Punta Este Bretton Woods Camp David Key Guantanamo Guantánamo Oklahoma Texas Florida California
Virginia Maryland Georgia Carolina Louisiana Orleans Puerto Valparaíso Valparaiso Guayaquil Cuzco Arequipa
Maracaibo Medellín Medellin Cali Barranquilla Cartagena Córdoba Cordoba Rosario Mendoza Cochabamba Potosí Potosi
Oruro Veracruz Guadalajara Monterrey Acapulco Tijuana Juárez Juarez Matamoros Chapultepec Tlatelolco Punta
Arenas Antofagasta Iquique Magallanes Bariloche Laranjeiras Catete Itamaraty Copacabana Petrópolis Petropolis
Quitandinha Tucumán Tucuman Salta Misiones Corrientes Entre Patagonia Santa Cruz Fe Catarina Paraná
Parana Goiás Goias Mato Grosso Ceará Ceara Maranhão Maranhao Pará Para Hill Capitol White Pentagon Foggy Bottom
Hyde Park Gettysburg Augusta Denver Newport Quantico Annapolis West Point Norfolk Canal Zone Balboa Cristobal
Ancon Cuernavaca Tampico Mérida Merida Yucatán Trinidad Curaçao Curacao Aruba Martinique Guadeloupe Barbados
Nassau Bermuda Hispaniola Cibao Oriente Sierra Maestra Pinar Camagüey Camaguey Matanzas Cienfuegos Isle Pines
""".replace("_", " ")

# Words that never belong to a name: they end one ("the Kubitschek Administration").
HARD = frozenset(_FUNCTION.split()) | frozenset(MONTHS) | frozenset(DAYS) | NAMED_AFTER
# Places and nationalities: no name on their own, but a name may hold one ("José", "Paz Estenssoro").
SOFT = frozenset(_COUNTRIES.replace("_", " ").split()) | frozenset(_PLACES.split())
NOT_NAMES = HARD | SOFT

MONTH_SET = frozenset(MONTHS)
